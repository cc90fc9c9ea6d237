/**
 * The decoded layers of one frame, in ONE reused object (no per-packet allocation): offsets into
 * the record's bytes plus the fields the analyses, filters and stream followers need.
 *
 * Lifetime rule: `decodeFrame` overwrites every field for each frame; read what you need during
 * the callback. Offsets are into `rec.data` (absolute, not relative to `rec.offset`). A field that
 * a frame does not have is -1 (offsets, ports) or 0 (flags, lengths).
 */

export const NET_NONE = 0;
export const NET_ARP = 1;
export const NET_IPV4 = 4;
export const NET_IPV6 = 6;
/** An ethertype netdoctor does not decode (LLDP, STP via LLC, IPX …). */
export const NET_OTHER = 9;

export const IPPROTO_ICMP = 1;
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_GRE = 47;
export const IPPROTO_ESP = 50;
export const IPPROTO_AH = 51;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

export const TUNNEL_IP = 0;
export const TUNNEL_ETHERNET = 1;
export const TUNNEL_PPP = 2;
/** An MPLS label stack (RFC 3032), then IP or a pseudowire's Ethernet frame. */
export const TUNNEL_MPLS = 3;

export class PacketLayers {
  /** The frame's LINKTYPE_* and where the link header starts. */
  linkType = 0;
  linkOffset = 0;
  /** Link layer decoded (false: unknown link type or frame too short). */
  linkKnown = false;
  /** Ethernet: MAC offsets (-1 when the link has none); SLL: the source link-layer address. */
  srcMacOffset = -1;
  dstMacOffset = -1;
  /** 802.1Q tags seen (QinQ: 2) and the outer VLAN id (-1: none). */
  vlanCount = 0;
  vlanId = -1;
  /** The ethertype (or equivalent) that carried the network layer; -1 when unknown. */
  etherType = -1;

  /** NET_NONE / NET_ARP / NET_IPV4 / NET_IPV6 / NET_OTHER */
  network = NET_NONE;
  ipOffset = -1;
  /** IPv4: header length; IPv6: 40 plus the extension headers walked. */
  ipHeaderLength = 0;
  /** IP total length from the header (may differ from what was captured). */
  ipTotalLength = 0;
  ttl = 0;
  /** IPv4 addresses as unsigned 32-bit numbers. */
  src4 = 0;
  dst4 = 0;
  /** IPv6 addresses as four 32-bit words (reused arrays). */
  readonly src6 = new Uint32Array(4);
  readonly dst6 = new Uint32Array(4);
  /** The upper-layer protocol after IPv6 extension headers (6 TCP, 17 UDP, 50 ESP …); -1 none. */
  protocol = -1;
  /** IPv4 MF/offset or an IPv6 fragment header: a fragment of a larger datagram. */
  isFragment = false;
  /** Fragment offset in bytes (non-zero: no transport header in this frame). */
  fragmentOffset = 0;
  moreFragments = false;
  /** IPv6 extension headers walked (hop-by-hop, routing, fragment, destination options). */
  ipv6ExtHeaders = 0;

  /** Transport header offset and the bytes from it to the end of the IP payload. */
  l4Offset = -1;
  l4Length = 0;
  srcPort = -1;
  dstPort = -1;
  tcpFlags = 0;
  tcpSeq = 0;
  tcpAck = 0;
  tcpWindow = 0;
  tcpHeaderLength = 0;
  /** Application payload (TCP/UDP data) offset and length; length 0 when none. */
  payloadOffset = -1;
  payloadLength = 0;
  icmpType = -1;
  icmpCode = -1;
  /** An AH header was walked (then `protocol` is what AH protects). */
  ah = false;
  /** ESP / AH security parameter index. */
  spi = 0;
  espSeq = 0;
  /** GRE: the protocol type it carries. */
  greProtocol = -1;
  /** ARP: operation (1 request, 2 reply), sender/target IPv4. */
  arpOp = 0;
  arpSenderIp = 0;
  arpTargetIp = 0;
  arpSenderMacOffset = -1;

  /**
   * A tunnel inside this frame (IP-in-IP, 6in4, GRE, ERSPAN, VXLAN, VXLAN-GPE, NSH, Geneve,
   * GTP-U, MPLS in UDP): where the inner packet starts and ends, and what it starts with
   * (TUNNEL_IP, TUNNEL_ETHERNET, TUNNEL_PPP, TUNNEL_MPLS); -1 when there is none.
   * `decodeTunnel` reads it.
   */
  tunnelOffset = -1;
  tunnelEnd = 0;
  tunnelLink = 0;

  /** Where decoding stopped on a short or malformed header ('' when it did not). */
  malformed = '';
  /**
   * The IP header quoted inside an ICMP error (RFC 792: the header and 8 bytes of its payload),
   * decoded by `decodeQuote`: a TCP header may then be cut after its ports and sequence number.
   */
  quoted = false;

  reset(linkType: number, offset: number): void {
    this.linkType = linkType;
    this.linkOffset = offset;
    this.linkKnown = false;
    this.srcMacOffset = -1;
    this.dstMacOffset = -1;
    this.vlanCount = 0;
    this.vlanId = -1;
    this.etherType = -1;
    this.network = NET_NONE;
    this.ipOffset = -1;
    this.ipHeaderLength = 0;
    this.ipTotalLength = 0;
    this.ttl = 0;
    this.src4 = 0;
    this.dst4 = 0;
    this.protocol = -1;
    this.isFragment = false;
    this.fragmentOffset = 0;
    this.moreFragments = false;
    this.ipv6ExtHeaders = 0;
    this.l4Offset = -1;
    this.l4Length = 0;
    this.srcPort = -1;
    this.dstPort = -1;
    this.tcpFlags = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpWindow = 0;
    this.tcpHeaderLength = 0;
    this.payloadOffset = -1;
    this.payloadLength = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.ah = false;
    this.spi = 0;
    this.espSeq = 0;
    this.greProtocol = -1;
    this.arpOp = 0;
    this.arpSenderIp = 0;
    this.arpTargetIp = 0;
    this.arpSenderMacOffset = -1;
    this.tunnelOffset = -1;
    this.tunnelEnd = 0;
    this.tunnelLink = 0;
    this.malformed = '';
    this.quoted = false;
  }
}

/** Big-endian reads on plain bytes: faster than a DataView per frame, and no allocation. */
export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

/** Marks `b[off, end)` as the packet a tunnel carries, starting with `link` (TUNNEL_*). */
export function setTunnel(L: PacketLayers, off: number, end: number, link: number): void {
  if (off >= end) return;
  L.tunnelOffset = off;
  L.tunnelEnd = end;
  L.tunnelLink = link;
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** Dotted IPv4 text of an unsigned 32-bit address. */
export function ipv4Text(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** RFC 5952 text of an IPv6 address given as four words. */
export function ipv6Text(w: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) groups.push((w[i]! >>> 16) & 0xffff, w[i]! & 0xffff);
  // Longest run of two or more zero groups becomes '::'.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** MAC text (aa:bb:cc:dd:ee:ff) of 6 bytes at `o`. */
export function macText(b: Uint8Array, o: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(b[o + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}
