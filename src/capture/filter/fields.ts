/**
 * The fields and protocol names of the filter subset, with Wireshark's names and types. Each field
 * pushes every occurrence in the packet into `out` (a field may occur in several layers: the outer
 * and inner IP of a tunnel, the IP quoted inside an ICMP error).
 *
 * Adding a field: one entry here (type + collector).
 */
import { CLASSIFIERS } from '../classifiers/index.js';
import { appFields } from './app-fields.js';
import { type PacketView, PROTO } from './packet-view.js';

export type FieldType = 'uint' | 'double' | 'ipv4' | 'ipv6' | 'ether' | 'string' | 'bool';
/** uint/double/bool/ipv4/ether: number; ipv6: bigint; string: string. */
export type FieldValue = number | bigint | string;

export interface FieldDef {
  type: FieldType;
  description: string;
  collect(v: PacketView, out: FieldValue[]): void;
}

export interface ProtocolDef {
  description: string;
  present(v: PacketView): boolean;
  /** Start offsets of the protocol's bytes, for `<proto> contains …` (frame, tcp, udp). */
  bytesFrom?(v: PacketView): number[];
}

const mac = (v: PacketView, at: number): number => v.u16(at) * 2 ** 32 + v.u32(at + 2);

function ipv6At(v: PacketView, at: number): bigint {
  return (
    (BigInt(v.u32(at)) << 96n) |
    (BigInt(v.u32(at + 4)) << 64n) |
    (BigInt(v.u32(at + 8)) << 32n) |
    BigInt(v.u32(at + 12))
  );
}

function each(list: number[], out: FieldValue[], value: (off: number) => FieldValue): void {
  for (const off of list) out.push(value(off));
}

function tcpFlag(bit: number, description: string): FieldDef {
  return {
    type: 'bool',
    description,
    collect(v, out) {
      for (let i = 0; i < v.tcpOff.length; i++) {
        if (v.tcpHdr[i]! > 0) out.push(v.data[v.tcpOff[i]! + 13]! & bit ? 1 : 0);
      }
    },
  };
}

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  'frame.number': {
    type: 'uint',
    description: 'frame number (1 = first)',
    collect: (v, o) => o.push(v.packet.frame),
  },
  'frame.len': {
    type: 'uint',
    description: 'length on the wire',
    collect: (v, o) => o.push(v.packet.originalLength),
  },
  'frame.cap_len': {
    type: 'uint',
    description: 'captured length',
    collect: (v, o) => o.push(v.end - v.base),
  },
  'frame.time_relative': {
    type: 'double',
    description: 'seconds since the first packet',
    collect: (v, o) => o.push(v.timeRelative()),
  },
  'eth.addr': {
    type: 'ether',
    description: 'Ethernet source or destination',
    collect: (v, o) => {
      for (const off of v.ethOff) o.push(mac(v, off), mac(v, off + 6));
    },
  },
  'eth.src': {
    type: 'ether',
    description: 'Ethernet source',
    collect: (v, o) => each(v.ethOff, o, (x) => mac(v, x + 6)),
  },
  'eth.dst': {
    type: 'ether',
    description: 'Ethernet destination',
    collect: (v, o) => each(v.ethOff, o, (x) => mac(v, x)),
  },
  'ip.addr': {
    type: 'ipv4',
    description: 'IPv4 source or destination (any IP layer)',
    collect: (v, o) => {
      for (const off of v.ip4Off) o.push(v.u32(off + 12), v.u32(off + 16));
    },
  },
  'ip.src': {
    type: 'ipv4',
    description: 'IPv4 source',
    collect: (v, o) => each(v.ip4Off, o, (x) => v.u32(x + 12)),
  },
  'ip.dst': {
    type: 'ipv4',
    description: 'IPv4 destination',
    collect: (v, o) => each(v.ip4Off, o, (x) => v.u32(x + 16)),
  },
  'ip.proto': {
    type: 'uint',
    description: 'IPv4 protocol number',
    collect: (v, o) => each(v.ip4Off, o, (x) => v.data[x + 9]!),
  },
  'ip.ttl': {
    type: 'uint',
    description: 'IPv4 time to live',
    collect: (v, o) => each(v.ip4Off, o, (x) => v.data[x + 8]!),
  },
  'ip.len': {
    type: 'uint',
    description: 'IPv4 total length',
    collect: (v, o) => each(v.ip4Off, o, (x) => v.u16(x + 2)),
  },
  'ipv6.addr': {
    type: 'ipv6',
    description: 'IPv6 source or destination',
    collect: (v, o) => {
      for (const off of v.ip6Off) o.push(ipv6At(v, off + 8), ipv6At(v, off + 24));
    },
  },
  'ipv6.src': {
    type: 'ipv6',
    description: 'IPv6 source',
    collect: (v, o) => each(v.ip6Off, o, (x) => ipv6At(v, x + 8)),
  },
  'ipv6.dst': {
    type: 'ipv6',
    description: 'IPv6 destination',
    collect: (v, o) => each(v.ip6Off, o, (x) => ipv6At(v, x + 24)),
  },
  'tcp.port': {
    type: 'uint',
    description: 'TCP source or destination port',
    collect: (v, o) => {
      for (const off of v.tcpOff) o.push(v.u16(off), v.u16(off + 2));
    },
  },
  'tcp.srcport': {
    type: 'uint',
    description: 'TCP source port',
    collect: (v, o) => each(v.tcpOff, o, (x) => v.u16(x)),
  },
  'tcp.dstport': {
    type: 'uint',
    description: 'TCP destination port',
    collect: (v, o) => each(v.tcpOff, o, (x) => v.u16(x + 2)),
  },
  'tcp.len': {
    type: 'uint',
    description: 'TCP payload length',
    collect: (v, o) => {
      for (const len of v.tcpLen) if (len >= 0) o.push(len);
    },
  },
  'tcp.flags.fin': tcpFlag(0x01, 'TCP FIN flag'),
  'tcp.flags.syn': tcpFlag(0x02, 'TCP SYN flag'),
  'tcp.flags.reset': tcpFlag(0x04, 'TCP RST flag'),
  'tcp.flags.push': tcpFlag(0x08, 'TCP PSH flag'),
  'tcp.flags.ack': tcpFlag(0x10, 'TCP ACK flag'),
  'tcp.flags.urg': tcpFlag(0x20, 'TCP URG flag'),
  'udp.port': {
    type: 'uint',
    description: 'UDP source or destination port',
    collect: (v, o) => {
      for (const off of v.udpOff) o.push(v.u16(off), v.u16(off + 2));
    },
  },
  'udp.srcport': {
    type: 'uint',
    description: 'UDP source port',
    collect: (v, o) => each(v.udpOff, o, (x) => v.u16(x)),
  },
  'udp.dstport': {
    type: 'uint',
    description: 'UDP destination port',
    collect: (v, o) => each(v.udpOff, o, (x) => v.u16(x + 2)),
  },
  'udp.length': {
    type: 'uint',
    description: 'UDP length',
    collect: (v, o) => each(v.udpOff, o, (x) => v.u16(x + 4)),
  },
  'dns.qry.name': {
    type: 'string',
    description: 'DNS query name (also in mDNS and LLMNR)',
    collect: (v, o) => {
      for (const n of appFields(v).dnsQueryNames) o.push(n);
    },
  },
  'tls.handshake.extensions_server_name': {
    type: 'string',
    description: 'TLS ClientHello server name (SNI)',
    collect: (v, o) => {
      for (const n of appFields(v).serverNames) o.push(n);
    },
  },
  'http.host': {
    type: 'string',
    description: 'HTTP request Host header',
    collect: (v, o) => {
      for (const n of appFields(v).httpHosts) o.push(n);
    },
  },
};

const layer = (bit: number, description: string): ProtocolDef => ({
  description,
  present: (v) => v.has(bit),
});
const app = (name: string, description: string): ProtocolDef => ({
  description,
  present: (v) => appFields(v).protocols.has(name),
});

/**
 * Application protocols: one per classifier, under the classifier's id — the label `pcap
 * protocols` and `pcap conversations` show — so that what those label, `find` and `write` select.
 */
const APPLICATIONS: Record<string, ProtocolDef> = Object.fromEntries(
  CLASSIFIERS.map((c) => [c.id, app(c.id, `${c.name} (flows the classifiers recognise, on any port)`)]),
);

/** Other spellings people type: `ike` for tshark's `isakmp`, `pop3` for tshark's `pop`. */
const ALIASES: Record<string, string> = { ike: 'isakmp', pop3: 'pop' };

/**
 * The names whose answer depends on the flows' classification: a filter without them does not
 * need the flow table, and `find` then skips it (a field filter reads only the decoded layers).
 */
export const NEEDS_FLOWS: ReadonlySet<string> = new Set([
  ...Object.keys(APPLICATIONS),
  ...Object.keys(ALIASES),
  'esp',
  'dns.qry.name',
  'tls.handshake.extensions_server_name',
  'http.host',
]);

export const PROTOCOLS: Readonly<Record<string, ProtocolDef>> = {
  frame: { description: 'every packet', present: () => true, bytesFrom: (v) => [v.base] },
  eth: layer(PROTO.eth, 'Ethernet'),
  vlan: layer(PROTO.vlan, '802.1Q VLAN tag'),
  sll: layer(PROTO.sll, 'Linux cooked capture'),
  null: layer(PROTO.null, 'BSD loopback'),
  arp: layer(PROTO.arp, 'ARP'),
  ip: layer(PROTO.ip, 'IPv4'),
  ipv6: layer(PROTO.ipv6, 'IPv6'),
  icmp: layer(PROTO.icmp, 'ICMP'),
  icmpv6: layer(PROTO.icmpv6, 'ICMPv6'),
  tcp: { description: 'TCP', present: (v) => v.has(PROTO.tcp), bytesFrom: (v) => v.tcpOff },
  udp: { description: 'UDP', present: (v) => v.has(PROTO.udp), bytesFrom: (v) => v.udpOff },
  esp: {
    description: 'IPsec ESP (IP protocol 50, or in UDP 4500)',
    present: (v) => v.has(PROTO.esp) || appFields(v).protocols.has('esp'),
  },
  ah: layer(PROTO.ah, 'IPsec AH'),
  gre: layer(PROTO.gre, 'GRE'),
  ...APPLICATIONS,
  ...Object.fromEntries(Object.entries(ALIASES).map(([alias, id]) => [alias, APPLICATIONS[id]!])),
};
