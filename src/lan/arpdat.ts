/**
 * arpwatch's database, `arp.dat` (arpwatch 2.1a15 as Debian ships it): one line per (MAC, IP)
 * pair, tab-separated — ethernet address, IPv4 address, last-seen time (epoch seconds), host
 * name (may be empty) and, in the fifth field, the interface. Older files have 3 or 4 fields.
 *
 *   00:16:3e:00:00:0c	10.9.0.5	1700000005		eth0
 */
import { NetdoctorError } from '../core/errors.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { normalizeMac } from './mac.js';

export interface ArpDatEntry {
  mac: string;
  ip: string;
  /** Last seen, epoch seconds. */
  time: number;
  hostname: string;
  iface: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Parses arp.dat text; a malformed line throws naming `file:line`. Blank lines are skipped. */
export function parseArpDat(text: string, file: string): ArpDatEntry[] {
  const out: ArpDatEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const mac = normalizeMac(f[0] ?? '');
    const ip = f[1] ?? '';
    const time = Number(f[2] ?? 'x');
    if (!mac || !IPV4.test(ip) || f.length < 3 || !Number.isInteger(time) || time < 0) {
      throw new NetdoctorError('ND_INPUT_FORMAT', E.notArpdat, { input: `${file}:${i + 1}` });
    }
    out.push({ mac, ip, time, hostname: f[3] ?? '', iface: f[4] ?? '' });
  }
  return out;
}

/** Writes entries as arpwatch 2.1a15 does (five fields, MACs zero-padded as Debian's build writes them). */
export function formatArpDat(entries: readonly ArpDatEntry[]): string {
  return entries.map((e) => `${e.mac}\t${e.ip}\t${e.time}\t${e.hostname}\t${e.iface}\n`).join('');
}
