/**
 * What a display filter sees of one packet: every occurrence of each layer (the outer and inner
 * IP of a tunnel, the IP header quoted inside an ICMP error), as lists of offsets into the
 * captured bytes. `ip.addr == X` must match an address of *any* IP layer, as tshark's does.
 *
 * The view decodes nothing itself: the engine's decoders (`decoders/`, `link/`) fill one
 * `PacketLayers` per layer and the flow table (`flows/table.ts`) with its classifiers says which
 * application protocol each TCP/UDP flow carries — the same decoding and the same labels as
 * `pcap protocols` and `pcap conversations`. The view only lists the layers in the shape the
 * filter fields read. Reset per packet; nothing is allocated per packet but the lists' growth.
 */
import { createFlowClassifier } from '../classifiers/index.js';
import {
  decodeFrame,
  decodeQuote,
  decodeTunnel,
  type FrameBytes,
  IPPROTO_ESP,
  IPPROTO_GRE,
  IPPROTO_ICMP,
  IPPROTO_ICMPV6,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NET_ARP,
  NET_IPV4,
  NET_IPV6,
  PacketLayers,
} from '../decoders/index.js';
import { accountLayers, MAX_TUNNEL_DEPTH } from '../engine.js';
import { FlowTable } from '../flows/table.js';

/** One captured packet as the filter needs it; the capture engine's records fit this shape. */
export interface FilterPacket extends FrameBytes {
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

/** The frame, its tunnels, and one ICMP quote per layer at most. */
const MAX_LAYERS = 2 * (MAX_TUNNEL_DEPTH + 1);

export interface PacketViewOptions {
  /**
   * Track flows and classify them (default true): application protocols and their fields
   * (`dns`, `tls.handshake.extensions_server_name` …) come from the flow's classification, so
   * the view must see every packet of the capture in order. False for callers that read only
   * the layers (`follow`).
   */
  flows?: boolean;
}

/** A reusable listing of one packet's layers; `reset` re-points it at the next. */
export class PacketView {
  packet!: FilterPacket;
  data: Uint8Array = new Uint8Array(0);
  /** The frame's first byte in `data`, and the index just past its last captured byte. */
  base = 0;
  end = 0;
  /** Bit set of `PROTO` layers present. */
  protos = 0;
  /** The decoded layers: [0] the frame, then each tunnel's packet, then quoted IP headers. */
  readonly layers: PacketLayers[] = Array.from({ length: MAX_LAYERS }, () => new PacketLayers());
  layerCount = 0;
  /** Flow index of each layer in `table` (-1: none, or not tracked). */
  readonly layerFlow = new Int32Array(MAX_LAYERS).fill(-1);
  /** The flows seen so far, with their classifiers (undefined with `flows: false`). */
  readonly table: FlowTable | undefined;
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
  /** UDP payload length per UDP layer. */
  udpLen: number[] = [];
  /** The layer index of each TCP / UDP entry. */
  tcpLayer: number[] = [];
  udpLayer: number[] = [];
  /** Lazily computed application data (see app-fields.ts); undefined until asked. */
  app: unknown = undefined;
  /** TLS records followed across segments, when a filter needs it (tls-records.ts). */
  tlsFrame: { tls: boolean; serverName?: string } | undefined = undefined;
  /** Timestamp of the capture's first packet, for frame.time_relative. */
  firstSeconds = Number.NaN;
  firstNanos = 0;

  constructor(options: PacketViewOptions = {}) {
    this.table = options.flows === false ? undefined : new FlowTable({ classifier: createFlowClassifier });
  }

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
    this.tcpLayer.length = 0;
    this.udpLayer.length = 0;
    this.app = undefined;
    this.tlsFrame = undefined;
    if (Number.isNaN(this.firstSeconds)) {
      this.firstSeconds = p.tsSec;
      this.firstNanos = p.tsNsec;
    }
    this.decode(p);
  }

  /** The engine's decoding: the frame, its tunnels (accounted as flows), the ICMP quotes. */
  private decode(p: FilterPacket): void {
    const layers = this.layers;
    const b = p.data;
    decodeFrame(p, layers[0]!);
    let n: number;
    if (this.table) {
      const time = p.tsSec + p.tsNsec / 1e9;
      n = accountLayers(b, layers, this.layerFlow, this.table, p.originalLength, time, p.frame, 0);
    } else {
      n = 1;
      while (n <= MAX_TUNNEL_DEPTH && decodeTunnel(b, layers[n - 1]!, layers[n]!)) n++;
    }
    const chain = n;
    for (let i = 0; i < chain && n < MAX_LAYERS; i++) {
      if (decodeQuote(b, layers[i]!, layers[n]!, this.end)) this.layerFlow[n++] = -1;
    }
    this.layerCount = n;
    const lt = p.linkType;
    if (lt === 113 || lt === 276) this.protos |= PROTO.sll;
    else if (lt === 0 || lt === 108) this.protos |= PROTO.null;
    for (let i = 0; i < n; i++) this.list(layers[i]!, i);
  }

  /** Adds one decoded layer to the lists. */
  private list(L: PacketLayers, i: number): void {
    if (L.dstMacOffset >= 0) {
      this.protos |= PROTO.eth;
      this.ethOff.push(L.dstMacOffset);
    }
    if (L.vlanCount > 0) this.protos |= PROTO.vlan;
    const net = L.network;
    if (net === NET_ARP) this.protos |= PROTO.arp;
    if (net === NET_IPV4) {
      this.protos |= PROTO.ip;
      this.ip4Off.push(L.ipOffset);
    } else if (net === NET_IPV6) {
      this.protos |= PROTO.ipv6;
      this.ip6Off.push(L.ipOffset);
    } else return;
    if (L.ah) this.protos |= PROTO.ah;
    // A fragment other than a whole datagram carries no transport header Wireshark decodes here
    // (it shows the reassembled datagram on the last fragment) — unless the first fragment's
    // header claims more than was captured: Wireshark does not reassemble it, and dissects it.
    if (L.l4Offset < 0) return;
    if (L.isFragment && (L.fragmentOffset !== 0 || this.ipEnd(L) <= this.end)) return;
    switch (L.protocol) {
      case IPPROTO_TCP: {
        if (L.srcPort < 0) return;
        this.protos |= PROTO.tcp;
        this.tcpOff.push(L.l4Offset);
        this.tcpIp.push(L.ipOffset);
        this.tcpLayer.push(i);
        if (L.quoted) {
          this.tcpHdr.push(0);
          this.tcpLen.push(-1);
        } else {
          this.tcpHdr.push(L.tcpHeaderLength);
          this.tcpLen.push(Math.max(0, this.ipEnd(L) - L.l4Offset - L.tcpHeaderLength));
        }
        return;
      }
      case IPPROTO_UDP:
        if (L.srcPort < 0) return;
        this.protos |= PROTO.udp;
        this.udpOff.push(L.l4Offset);
        this.udpIp.push(L.ipOffset);
        this.udpLayer.push(i);
        this.udpLen.push(Math.max(0, this.u16(L.l4Offset + 4) - 8));
        return;
      case IPPROTO_ICMP:
        if (L.icmpType >= 0) this.protos |= PROTO.icmp;
        return;
      case IPPROTO_ICMPV6:
        if (L.icmpType >= 0) this.protos |= PROTO.icmpv6;
        return;
      case IPPROTO_ESP:
        this.protos |= PROTO.esp;
        return;
      case IPPROTO_GRE:
        if (L.greProtocol >= 0 && !L.quoted) this.protos |= PROTO.gre;
        return;
    }
  }

  /**
   * Where the IP payload ends by the IP header's length (not by what was captured), as tshark
   * computes `tcp.len`; a length of 0 (segmentation offload, jumbogram) means "what was captured".
   */
  private ipEnd(L: PacketLayers): number {
    const zero = L.network === NET_IPV4 ? L.ipTotalLength === 0 : L.ipTotalLength === 40;
    return zero ? this.end : L.ipOffset + L.ipTotalLength;
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

  /** tshark's frame.time_relative: seconds since the first packet of the capture. */
  timeRelative(): number {
    return this.packet.tsSec - this.firstSeconds + (this.packet.tsNsec - this.firstNanos) / 1e9;
  }
}
