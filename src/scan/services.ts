/**
 * Port → service name, and the `top100`/`top1000` port lists.
 *
 * Nothing is shipped: the table is read at run time from the system. The service names and the
 * open-port frequencies come from nmap's `nmap-services` (Debian `nmap-common`,
 * /usr/share/nmap/nmap-services: the share of hosts found with each port open in nmap's
 * internet-wide scans) when it is installed, so `top100` is exactly nmap's `--top-ports 100` and
 * service names match nmap's XML; names fall back to the system's /etc/services (IANA names).
 */
import { readFileSync } from 'node:fs';

export const NMAP_SERVICES = '/usr/share/nmap/nmap-services';
export const ETC_SERVICES = '/etc/services';

export interface ServiceTable {
  /** TCP port → service name. */
  names: Map<number, string>;
  /** TCP ports by open frequency, most frequent first (empty without nmap-services). */
  byFrequency: number[];
  /** The file(s) the table came from. */
  sources: string[];
}

let cached: ServiceTable | undefined;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Parses `name port/proto [frequency] [aliases…] [# comment]` lines (both file formats). */
export function parseServices(text: string, names: Map<number, string>, freq?: Map<number, number>): void {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, portProto, third] = line.split(/\s+/);
    const m = /^(\d+)\/tcp$/.exec(portProto ?? '');
    if (!name || !m) continue;
    const port = Number(m[1]);
    if (port < 1 || port > 65535) continue;
    if (!names.has(port)) names.set(port, name);
    if (freq && third !== undefined && /^[\d.]+$/.test(third)) freq.set(port, Number(third));
  }
}

/** The service table of this machine (read once). */
export function serviceTable(): ServiceTable {
  if (cached) return cached;
  const names = new Map<number, string>();
  const freq = new Map<number, number>();
  const sources: string[] = [];
  const nmap = readText(NMAP_SERVICES);
  if (nmap !== undefined) {
    parseServices(nmap, names, freq);
    sources.push(NMAP_SERVICES);
  }
  const etc = readText(ETC_SERVICES);
  if (etc !== undefined) {
    parseServices(etc, names);
    sources.push(ETC_SERVICES);
  }
  const byFrequency = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([p]) => p);
  cached = { names, byFrequency, sources };
  return cached;
}

/** The service name nmap would print for a TCP port, or `unknown`. */
export function serviceName(port: number, table = serviceTable()): string {
  return table.names.get(port) ?? 'unknown';
}
