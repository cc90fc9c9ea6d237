/**
 * One packet as one line, in the spirit of tshark's default output:
 * `  12   0.041877 192.0.2.10 → 198.51.100.7 TCP 66 51234 → 443 [SYN] Len=0`.
 */
import { appFields } from './app-fields.js';
import { type PacketView, PROTO } from './packet-view.js';

export interface PacketSummary {
  frame: number;
  /** Seconds since the first packet. */
  time: number;
  source: string;
  destination: string;
  protocol: string;
  length: number;
  info: string;
}

function ipv4(v: PacketView, at: number): string {
  const d = v.data;
  return `${d[at]}.${d[at + 1]}.${d[at + 2]}.${d[at + 3]}`;
}

function ipv6(v: PacketView, at: number): string {
  return addressText(v.data, at, true);
}

/** An IPv4 or IPv6 address in its usual text form (IPv6 compressed per RFC 5952). */
export function addressText(d: Uint8Array, off: number, v6: boolean): string {
  if (!v6) return `${d[off]}.${d[off + 1]}.${d[off + 2]}.${d[off + 3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((d[off + i]! << 8) | d[off + i + 1]!).toString(16));
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first if tied.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function mac(v: PacketView, at: number): string {
  const out: string[] = [];
  for (let i = 0; i < 6; i++) out.push(v.data[at + i]!.toString(16).padStart(2, '0'));
  return out.join(':');
}

const FLAG_NAMES: [number, string][] = [
  [0x02, 'SYN'],
  [0x01, 'FIN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x10, 'ACK'],
  [0x20, 'URG'],
];

/** The summary of the packet `v` currently shows. */
export function summarize(v: PacketView): PacketSummary {
  let source = '';
  let destination = '';
  // The innermost IP layer speaks for the packet, as in tshark's Source/Destination columns.
  const ip4 = v.ip4Off.length ? v.ip4Off[v.ip4Off.length - 1]! : -1;
  const ip6 = v.ip6Off.length ? v.ip6Off[v.ip6Off.length - 1]! : -1;
  if (ip4 >= 0 && ip4 >= ip6) {
    source = ipv4(v, ip4 + 12);
    destination = ipv4(v, ip4 + 16);
  } else if (ip6 >= 0) {
    source = ipv6(v, ip6 + 8);
    destination = ipv6(v, ip6 + 24);
  } else if (v.ethOff.length) {
    source = mac(v, v.ethOff[0]! + 6);
    destination = mac(v, v.ethOff[0]!);
  }
  let protocol = '';
  let info = '';
  if (v.tcpOff.length && v.tcpHdr[0]! > 0) {
    const at = v.tcpOff[0]!;
    const flags = v.data[at + 13]!;
    const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n);
    protocol = 'TCP';
    info = `${v.u16(at)} → ${v.u16(at + 2)} [${names.join(', ')}] Seq=${v.u32(at + 4)} Len=${v.tcpLen[0]}`;
  } else if (v.udpOff.length) {
    const at = v.udpOff[0]!;
    protocol = 'UDP';
    info = `${v.u16(at)} → ${v.u16(at + 2)} Len=${v.udpLen[0]}`;
  } else if (v.has(PROTO.icmp)) protocol = 'ICMP';
  else if (v.has(PROTO.icmpv6)) protocol = 'ICMPv6';
  else if (v.has(PROTO.esp)) {
    protocol = 'ESP';
    const at = v.ip4Off.length
      ? v.ip4Off[v.ip4Off.length - 1]! + (v.data[v.ip4Off[v.ip4Off.length - 1]!]! & 15) * 4
      : -1;
    if (at >= 0 && v.end >= at + 8) info = `ESP (SPI=0x${v.u32(at).toString(16).padStart(8, '0')})`;
  } else if (v.has(PROTO.gre)) protocol = 'GRE';
  else if (v.has(PROTO.arp)) protocol = 'ARP';
  else if (v.has(PROTO.ip)) protocol = 'IPv4';
  else if (v.has(PROTO.ipv6)) protocol = 'IPv6';
  else protocol = v.ethOff.length ? 'Ethernet' : `link ${v.packet.linkType}`;
  if (protocol === 'TCP' || protocol === 'UDP') {
    const app = appFields(v);
    const name = [...app.protocols][0];
    if (name) protocol = name.toUpperCase();
    const detail = [...app.dnsQueryNames, ...app.serverNames, ...app.httpHosts][0];
    if (detail) info += ` ${detail}`;
  }
  return {
    frame: v.packet.frame,
    time: v.timeRelative(),
    source,
    destination,
    protocol,
    length: v.packet.originalLength,
    info,
  };
}

export function summaryLine(s: PacketSummary): string {
  return `${String(s.frame).padStart(6)} ${s.time.toFixed(6).padStart(11)} ${s.source} → ${s.destination} ${s.protocol} ${s.length} ${s.info}`.trimEnd();
}
