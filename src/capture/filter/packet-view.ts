/**
 * What a display filter sees of one packet: every occurrence of each layer, found by walking the
 * raw bytes once (link → VLAN → IP → tunnels → TCP/UDP/ICMP, and the IP header quoted inside an
 * ICMP error), the way Wireshark's dissectors stack. `ip.addr == X` must match an address of *any*
 * IP layer, as tshark's does, so the view keeps lists of offsets rather than one decoded header.
 *
 * Hand-written and allocation-free on purpose: `find --filter` runs this for every packet of
 * multi-gigabyte files; a view is reset per packet and keeps only offsets into the captured bytes.
 * Application fields (DNS query names, TLS SNI, HTTP Host) are decoded lazily in `app-fields.ts`
 * and only when the filter asks for them.
 */

/** One captured packet as the filter needs it; the capture engine's records fit this shape. */
export interface FilterPacket {
  /** 1-based frame number, as tshark counts. */
  frame: number;
  /** The record's link type (DLT / LINKTYPE_ value). */
  linkType: number;
  /** The captured bytes are `data[offset .. offset + capturedLength)`. */
  data: Uint8Array;
  offset: number;
  capturedLength: number;
  /** The length on the wire (may exceed `capturedLength` when the capture was cut by a snaplen). */
  originalLength: number;
  /** Timestamp: whole seconds since the epoch, and nanoseconds within the second. */
  tsSec: number;
  tsNsec: number;
}

export const PROTO = {
  eth: 1 << 0,
  vlan: 1 << 1,
  sll: 1 << 2,
  arp: 1 << 3,
  ip: 1 << 4,
  ipv6: 1 << 5,
  icmp: 1 << 6,
  icmpv6: 1 << 7,
  tcp: 1 << 8,
  udp: 1 << 9,
  esp: 1 << 10,
  ah: 1 << 11,
  gre: 1 << 12,
  null: 1 << 13,
} as const;

const MAX_LAYERS = 8;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_ARP = 0x0806;

/** A reusable decoding of one packet; `reset` re-points it at the next. */
export class PacketView {
  packet!: FilterPacket;
  data: Uint8Array = new Uint8Array(0);
  /** The frame's first byte in `data`, and the index just past its last captured byte. */
  base = 0;
  end = 0;
  /** Bit set of `PROTO` layers present. */
  protos = 0;
  ethOff: number[] = [];
  ip4Off: number[] = [];
  ip6Off: number[] = [];
  tcpOff: number[] = [];
  /** TCP payload length per TCP layer (tshark's `tcp.len`), -1 when the header is cut (ICMP quote). */
  tcpLen: number[] = [];
  /** TCP header length per layer, 0 when only the quoted first 8 bytes are known. */
  tcpHdr: number[] = [];
  udpOff: number[] = [];
  /** The IP header (v4 or v6, see its first nibble) right below each TCP / UDP layer. */
  tcpIp: number[] = [];
  udpIp: number[] = [];
  /** The IP header being decoded, so that transport layers know their addresses. */
  private ipNow = -1;
  /** UDP payload length per UDP layer. */
  udpLen: number[] = [];
  /** Lazily computed application data (see app-fields.ts); undefined until asked. */
  app: unknown = undefined;
  /** TLS records followed across segments, when a filter needs it (tls-records.ts). */
  tlsFrame: { tls: boolean; serverName?: string } | undefined = undefined;
  /** Timestamp of the capture's first packet, for frame.time_relative. */
  firstSeconds = Number.NaN;
  firstNanos = 0;

  reset(p: FilterPacket): void {
    this.packet = p;
    this.data = p.data;
    this.base = p.offset;
    this.end = p.offset + p.capturedLength;
    this.protos = 0;
    this.ethOff.length = 0;
    this.ip4Off.length = 0;
    this.ip6Off.length = 0;
    this.tcpOff.length = 0;
    this.tcpLen.length = 0;
    this.tcpHdr.length = 0;
    this.udpOff.length = 0;
    this.udpLen.length = 0;
    this.tcpIp.length = 0;
    this.udpIp.length = 0;
    this.app = undefined;
    this.tlsFrame = undefined;
    if (Number.isNaN(this.firstSeconds)) {
      this.firstSeconds = p.tsSec;
      this.firstNanos = p.tsNsec;
    }
    this.link(p.linkType);
  }

  has(proto: number): boolean {
    return (this.protos & proto) !== 0;
  }

  u16(off: number): number {
    const d = this.data;
    return (d[off]! << 8) | d[off + 1]!;
  }

  u32(off: number): number {
    const d = this.data;
    return ((d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!) >>> 0;
  }

  private link(linkType: number): void {
    const d = this.data;
    const b = this.base;
    const size = this.end - b;
    switch (linkType) {
      case 1: // LINKTYPE_ETHERNET
        this.ethernet(b);
        return;
      case 113: // LINKTYPE_LINUX_SLL: protocol at byte 14, payload at 16
        if (size < 16) return;
        this.protos |= PROTO.sll;
        this.ethertype(this.u16(b + 14), b + 16);
        return;
      case 276: // LINKTYPE_LINUX_SLL2: protocol at byte 0, payload at 20
        if (size < 20) return;
        this.protos |= PROTO.sll;
        this.ethertype(this.u16(b), b + 20);
        return;
      case 0: // LINKTYPE_NULL: address family in the capturing host's byte order
      case 108: {
        // LINKTYPE_LOOP: network byte order
        if (size < 4) return;
        this.protos |= PROTO.null;
        const le = (d[b]! | (d[b + 1]! << 8) | (d[b + 2]! << 16) | (d[b + 3]! << 24)) >>> 0;
        const family = linkType === 108 || le > 0xffff ? this.u32(b) : le;
        if (family === 2) this.ipv4(b + 4, 0);
        else if (family === 24 || family === 28 || family === 30) this.ipv6(b + 4, 0);
        return;
      }
      case 12: // raw IP (OpenBSD's DLT 12 and LINKTYPE_RAW 101, 14 on some systems)
      case 14:
      case 101:
        this.rawIp(b);
        return;
      case 9: // LINKTYPE_PPP, LINKTYPE_PPP_HDLC
      case 50:
        this.ppp(b);
        return;
      case 228: // LINKTYPE_IPV4
        this.ipv4(b, 0);
        return;
      case 229: // LINKTYPE_IPV6
        this.ipv6(b, 0);
        return;
      default:
        return;
    }
  }

  private rawIp(off: number): void {
    const v = off < this.end ? this.data[off]! >> 4 : 0;
    if (v === 4) this.ipv4(off, 0);
    else if (v === 6) this.ipv6(off, 0);
  }

  /** RFC 1661 PPP: optional ff 03 address/control, then a 1- or 2-byte protocol (RFC 1661 §6.5). */
  private ppp(off: number): void {
    const d = this.data;
    let at = off;
    if (this.end >= at + 2 && d[at] === 0xff && d[at + 1] === 0x03) at += 2;
    if (this.end < at + 1) return;
    let proto = d[at]!;
    if (proto & 1) at += 1;
    else {
      if (this.end < at + 2) return;
      proto = this.u16(at);
      at += 2;
    }
    if (proto === 0x21) this.ipv4(at, 0);
    else if (proto === 0x57) this.ipv6(at, 0);
  }

  private ethernet(off: number): void {
    if (this.end < off + 14 || this.ethOff.length >= MAX_LAYERS) return;
    this.protos |= PROTO.eth;
    this.ethOff.push(off);
    let type = this.u16(off + 12);
    let at = off + 14;
    // 802.1Q, 802.1ad (QinQ) and the older 0x9100 tag: 4 bytes each, the next type after them.
    while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && this.end >= at + 4) {
      this.protos |= PROTO.vlan;
      type = this.u16(at + 2);
      at += 4;
    }
    this.ethertype(type, at);
  }

  private ethertype(type: number, at: number): void {
    if (type === ETHERTYPE_IPV4) this.ipv4(at, 0);
    else if (type === ETHERTYPE_IPV6) this.ipv6(at, 0);
    else if (type === ETHERTYPE_ARP) this.protos |= PROTO.arp;
    else if (type === 0x8864 && this.end >= at + 8) {
      // PPPoE session: PPP protocol 0x0021 IPv4, 0x0057 IPv6
      const ppp = this.u16(at + 6);
      if (ppp === 0x0021) this.ipv4(at + 8, 0);
      else if (ppp === 0x0057) this.ipv6(at + 8, 0);
    }
  }

  /** `quoted`: inside an ICMP error, where only the header and 8 payload bytes are present. */
  private ipv4(off: number, quoted: number): void {
    const d = this.data;
    if (this.end < off + 20 || d[off]! >> 4 !== 4 || this.ip4Off.length >= MAX_LAYERS) return;
    const ihl = (d[off]! & 0x0f) * 4;
    if (ihl < 20) return;
    this.protos |= PROTO.ip;
    this.ip4Off.push(off);
    this.ipNow = off;
    const total = this.u16(off + 2);
    const fragment = this.u16(off + 6);
    // A fragment other than a whole datagram carries no transport header Wireshark decodes here
    // (it shows the reassembled datagram on the last fragment).
    if ((fragment & 0x3fff) !== 0) return;
    // A total length of 0 comes from TCP segmentation offload: the captured bytes are the packet.
    const payload = total === 0 ? this.end - off - ihl : total - ihl;
    this.transport(d[off + 9]!, off + ihl, quoted ? -1 : payload, quoted);
  }

  private ipv6(off: number, quoted: number): void {
    const d = this.data;
    if (this.end < off + 40 || d[off]! >> 4 !== 6 || this.ip6Off.length >= MAX_LAYERS) return;
    this.protos |= PROTO.ipv6;
    this.ip6Off.push(off);
    this.ipNow = off;
    let next = d[off + 6]!;
    let at = off + 40;
    let remaining = this.u16(off + 4);
    if (remaining === 0) remaining = this.end - at; // jumbogram or TSO capture
    // RFC 8200 §4: extension headers chain through their first byte.
    for (let hops = 0; hops < 8; hops++) {
      if (next === 0 || next === 43 || next === 60) {
        if (this.end < at + 2) return;
        const len = (d[at + 1]! + 1) * 8;
        next = d[at]!;
        at += len;
        remaining -= len;
      } else if (next === 44) {
        if (this.end < at + 8) return;
        if ((this.u16(at + 2) & 0xfff9) !== 0) return; // a fragment: offset or more-fragments set
        next = d[at]!;
        at += 8;
        remaining -= 8;
      } else break;
    }
    this.transport(next, at, quoted ? -1 : remaining, quoted);
  }

  /** `length`: bytes of the IP payload per the IP header, -1 when unknown (quoted header). */
  private transport(proto: number, at: number, length: number, quoted: number): void {
    const d = this.data;
    switch (proto) {
      case 6: {
        if (this.end < at + (quoted ? 8 : 20) || this.tcpOff.length >= MAX_LAYERS) return;
        const hdr = (d[at + 12]! >> 4) * 4;
        if (!quoted && hdr < 20) return;
        this.protos |= PROTO.tcp;
        this.tcpOff.push(at);
        this.tcpIp.push(this.ipNow);
        this.tcpHdr.push(quoted ? 0 : hdr);
        this.tcpLen.push(quoted || length < 0 ? -1 : Math.max(0, length - hdr));
        return;
      }
      case 17: {
        if (this.end < at + 8 || this.udpOff.length >= MAX_LAYERS) return;
        this.protos |= PROTO.udp;
        this.udpOff.push(at);
        this.udpIp.push(this.ipNow);
        this.udpLen.push(Math.max(0, this.u16(at + 4) - 8));
        // VXLAN (RFC 7348) on its IANA port carries a whole Ethernet frame after 8 bytes.
        if (!quoted && this.u16(at + 2) === 4789 && this.end >= at + 16 + 14) this.ethernet(at + 16);
        return;
      }
      case 1: {
        if (this.end < at + 8) return;
        this.protos |= PROTO.icmp;
        const type = d[at]!;
        // Destination unreachable, source quench, redirect, time exceeded, parameter problem
        // quote the offending datagram's IP header and first 8 bytes (RFC 792).
        if (!quoted && (type === 3 || type === 4 || type === 5 || type === 11 || type === 12)) {
          this.ipv4(at + 8, 1);
        }
        return;
      }
      case 58: {
        if (this.end < at + 8) return;
        this.protos |= PROTO.icmpv6;
        const type = d[at]!;
        if (!quoted && type >= 1 && type <= 4) this.ipv6(at + 8, 1); // RFC 4443 error messages
        return;
      }
      case 4:
        this.ipv4(at, quoted);
        return;
      case 41:
        this.ipv6(at, quoted);
        return;
      case 50:
        this.protos |= PROTO.esp;
        return;
      case 51: {
        // RFC 4302: AH length is in 32-bit words minus 2; the next header follows it.
        if (this.end < at + 12) return;
        this.protos |= PROTO.ah;
        const len = (d[at + 1]! + 2) * 4;
        this.transport(d[at]!, at + len, length < 0 ? -1 : length - len, quoted);
        return;
      }
      case 47: {
        if (this.end < at + 4 || quoted) return;
        this.protos |= PROTO.gre;
        const flags = this.u16(at);
        const type = this.u16(at + 2);
        let hdr = 4;
        const version = flags & 0x0007;
        if (flags & 0x8000) hdr += 4; // checksum present
        if (flags & 0x2000) hdr += 4; // key present
        if (flags & 0x1000) hdr += 4; // sequence number present
        if (version === 1 && flags & 0x0080) hdr += 4; // RFC 2637 enhanced GRE: acknowledgment present
        if (version > 1) return;
        if (type === 0x880b) this.ppp(at + hdr);
        else if (type === 0x6558) this.ethernet(at + hdr);
        else this.ethertype(type, at + hdr);
        return;
      }
      default:
        return;
    }
  }

  /** tshark's frame.time_relative: seconds since the first packet of the capture. */
  timeRelative(): number {
    return this.packet.tsSec - this.firstSeconds + (this.packet.tsNsec - this.firstNanos) / 1e9;
  }
}
