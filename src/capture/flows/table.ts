/**
 * The flow table: every IP conversation keyed by its bidirectional 5-tuple (addresses, ports, IP
 * protocol), with packets, bytes and payload bytes per direction, first/last time, TCP flags seen,
 * RSTs and retransmissions, and the application label a classifier gives it.
 *
 * Built for speed and bounded memory: an open-addressing hash over integer keys in typed arrays
 * (struct of arrays, doubling as flows arrive), no per-packet allocation. Hand-written because a
 * Map keyed by a 5-tuple string allocates a string per packet (several times slower at millions
 * of packets) and no npm hash map stores multi-word integer keys in typed arrays. At `maxFlows` new flows
 * are no longer tracked: their packets are counted in `untracked*` and `full` is set.
 *
 * Direction 0 is client → server. The client is the sender of the first packet seen, except that
 * a SYN+ACK first (the SYN was missed) or a packet from a port below 1024 to one above makes its
 * sender the server.
 */
import {
  IPPROTO_TCP,
  IPPROTO_UDP,
  NET_IPV4,
  NET_IPV6,
  type PacketLayers,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
} from '../decoders/layers.js';

/** What the table asks of a classifier (capture/classifiers provides one). */
export interface FlowClassifier {
  feed(payload: Uint8Array, fromClient: boolean): void;
  readonly done: boolean;
  result(): {
    protocol: string;
    evidence: 'payload' | 'port' | 'none';
    details?: Record<string, string | number>;
  };
}

export type ClassifierFactory = (flow: {
  transport: 'tcp' | 'udp';
  clientPort: number;
  serverPort: number;
}) => FlowClassifier;

export interface FlowTableOptions {
  /** Stop tracking new flows beyond this many (default 1,000,000; about 150 bytes each). */
  maxFlows?: number;
  /** Classifies TCP and UDP flows from their payloads. */
  classifier?: ClassifierFactory;
}

export const DEFAULT_MAX_FLOWS = 1_000_000;
const KEY_WORDS = 10; // [family<<8|proto, portA<<16|portB, a0..a3, b0..b3]

export class FlowTable {
  readonly maxFlows: number;
  count = 0;
  /** True once a flow was not tracked because the table held `maxFlows`. */
  full = false;
  untrackedPackets = 0;
  untrackedBytes = 0;

  private cap = 1024;
  private slots = new Int32Array(4096); // flow index + 1; 0 = empty
  private mask = 4095;
  keys = new Uint32Array(this.cap * KEY_WORDS);
  /** 1 when key endpoint A is the client. */
  aIsClient = new Uint8Array(this.cap);
  /** [flow*2 + dir], dir 0 = client → server. */
  packets = new Float64Array(this.cap * 2);
  bytes = new Float64Array(this.cap * 2);
  payloadBytes = new Float64Array(this.cap * 2);
  tcpFlags = new Uint8Array(this.cap * 2);
  retransmissions = new Uint32Array(this.cap * 2);
  private nextSeq = new Uint32Array(this.cap * 2);
  private seqKnown = new Uint8Array(this.cap * 2);
  rsts = new Uint32Array(this.cap);
  firstTime = new Float64Array(this.cap);
  lastTime = new Float64Array(this.cap);
  firstFrame = new Uint32Array(this.cap);
  /** The protocol path of the flow's first frame (see analyses/protocols); -1 inside a tunnel. */
  pathId = new Int32Array(this.cap);
  /** Per flow, created at the flow's first payload (a SYN scan's million flows need none). */
  classifiers: (FlowClassifier | undefined)[] = [];
  readonly factory: ClassifierFactory | undefined;
  private readonly k = new Uint32Array(KEY_WORDS);

  constructor(options: FlowTableOptions = {}) {
    this.maxFlows = options.maxFlows ?? DEFAULT_MAX_FLOWS;
    this.factory = options.classifier;
  }

  /**
   * Accounts one decoded IP frame; returns the flow index, or -1 (not IP, or not tracked).
   * `length` is the frame's length on the wire, `time` its timestamp in seconds.
   */
  add(L: PacketLayers, b: Uint8Array, length: number, time: number, frame: number, pathId = 0): number {
    const k = this.k;
    const fam = L.network;
    if (fam !== NET_IPV4 && fam !== NET_IPV6) return -1;
    const proto = Math.max(L.protocol, 0);
    const sp = Math.max(L.srcPort, 0);
    const dp = Math.max(L.dstPort, 0);
    // Canonical order: the smaller (address, port) is endpoint A, so both directions share a key.
    let srcIsA: boolean;
    if (fam === NET_IPV4) {
      const s = L.src4;
      const d = L.dst4;
      srcIsA = s < d || (s === d && sp <= dp);
      k[2] = srcIsA ? s : d;
      k[6] = srcIsA ? d : s;
      k[3] = k[4] = k[5] = k[7] = k[8] = k[9] = 0;
    } else {
      const s6 = L.src6;
      const d6 = L.dst6;
      let c = 0;
      for (let i = 0; i < 4 && c === 0; i++) c = s6[i]! < d6[i]! ? -1 : s6[i]! > d6[i]! ? 1 : 0;
      srcIsA = c < 0 || (c === 0 && sp <= dp);
      for (let i = 0; i < 4; i++) {
        k[2 + i] = srcIsA ? s6[i]! : d6[i]!;
        k[6 + i] = srcIsA ? d6[i]! : s6[i]!;
      }
    }
    k[0] = (fam << 8) | proto;
    k[1] = srcIsA ? ((sp << 16) | dp) >>> 0 : ((dp << 16) | sp) >>> 0;

    const h = hashKey(k, 0);
    let slot = h & this.mask;
    let f = -1;
    const keys = this.keys;
    const slots = this.slots;
    for (;;) {
      const v = slots[slot]!;
      if (v === 0) break;
      const base = (v - 1) * KEY_WORDS;
      if (
        keys[base + 2] === k[2] &&
        keys[base + 6] === k[6] &&
        keys[base + 1] === k[1] &&
        keys[base] === k[0] &&
        (fam === NET_IPV4 ||
          (keys[base + 3] === k[3] &&
            keys[base + 4] === k[4] &&
            keys[base + 5] === k[5] &&
            keys[base + 7] === k[7] &&
            keys[base + 8] === k[8] &&
            keys[base + 9] === k[9]))
      ) {
        f = v - 1;
        break;
      }
      slot = (slot + 1) & this.mask;
    }
    if (f < 0) {
      if (this.count >= this.maxFlows) {
        this.full = true;
        this.untrackedPackets++;
        this.untrackedBytes += length;
        return -1;
      }
      f = this.insert(slot, L, srcIsA, sp, dp, proto, time, frame, pathId);
    }
    // Direction of this packet: 0 when its sender is the client.
    const dir = (srcIsA ? 1 : 0) === this.aIsClient[f] ? 0 : 1;
    const fd = f * 2 + dir;
    this.packets[fd]!++;
    this.bytes[fd]! += length;
    this.payloadBytes[fd]! += L.payloadLength;
    if (time > this.lastTime[f]!) this.lastTime[f] = time;
    if (time < this.firstTime[f]!) this.firstTime[f] = time;
    if (proto === IPPROTO_TCP && L.tcpHeaderLength > 0) this.tcp(L, f, fd);
    if (L.payloadLength > 0) {
      let c = this.classifiers[f];
      if (
        c === undefined &&
        this.factory &&
        (proto === IPPROTO_TCP || proto === IPPROTO_UDP) &&
        L.srcPort >= 0
      ) {
        c = this.factory({
          transport: proto === IPPROTO_TCP ? 'tcp' : 'udp',
          clientPort: dir === 0 ? sp : dp,
          serverPort: dir === 0 ? dp : sp,
        });
        this.classifiers[f] = c;
      }
      if (c !== undefined && !c.done) {
        c.feed(b.subarray(L.payloadOffset, L.payloadOffset + L.payloadLength), dir === 0);
      }
    }
    return f;
  }

  private tcp(L: PacketLayers, f: number, fd: number): void {
    const flags = L.tcpFlags;
    this.tcpFlags[fd]! |= flags;
    if (flags & TCP_RST) this.rsts[f]!++;
    // A segment that carries data (or SYN/FIN, which take a sequence number) but does not go
    // beyond the highest sequence already seen in its direction is a retransmission. This is
    // Wireshark's basic test, without its keep-alive and window-probe refinements.
    const len = L.payloadLength + (flags & TCP_SYN ? 1 : 0) + (flags & 1 ? 1 : 0);
    if (len === 0 || flags & TCP_RST) return;
    const end = (L.tcpSeq + len) >>> 0;
    if (this.seqKnown[fd] === 0) {
      this.seqKnown[fd] = 1;
      this.nextSeq[fd] = end;
      return;
    }
    const next = this.nextSeq[fd]!;
    // Sequence space wraps: compare as signed 32-bit distances.
    if ((end - next) | 0) {
      if (((end - next) | 0) > 0) this.nextSeq[fd] = end;
      else this.retransmissions[fd]!++;
    } else if (L.payloadLength > 0 || flags & TCP_SYN) this.retransmissions[fd]!++;
  }

  private insert(
    slot: number,
    L: PacketLayers,
    srcIsA: boolean,
    sp: number,
    dp: number,
    proto: number,
    time: number,
    frame: number,
    pathId: number,
  ): number {
    if (this.count === this.cap) this.grow();
    const f = this.count++;
    this.keys.set(this.k, f * KEY_WORDS);
    this.slots[slot] = f + 1;
    // Who is the client: the first sender, unless the first packet is a SYN+ACK or goes from a
    // well-known port to an ephemeral one.
    let srcIsClient = true;
    if (proto === IPPROTO_TCP && L.tcpHeaderLength > 0) {
      const synAck = (L.tcpFlags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
      if (synAck || ((L.tcpFlags & TCP_SYN) === 0 && sp < 1024 && dp >= 1024)) srcIsClient = false;
    } else if (proto === IPPROTO_UDP && sp < 1024 && dp >= 1024) srcIsClient = false;
    this.aIsClient[f] = srcIsClient === srcIsA ? 1 : 0;
    this.firstTime[f] = time;
    this.lastTime[f] = time;
    this.firstFrame[f] = frame;
    this.pathId[f] = pathId;
    this.classifiers.push(undefined);
    if (this.count * 2 > this.mask) this.rehash();
    return f;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, per: number): T => {
      const n = new (a.constructor as new (len: number) => T)(cap * per);
      n.set(a);
      return n;
    };
    this.keys = g(this.keys, KEY_WORDS);
    this.aIsClient = g(this.aIsClient, 1);
    this.packets = g(this.packets, 2);
    this.bytes = g(this.bytes, 2);
    this.payloadBytes = g(this.payloadBytes, 2);
    this.tcpFlags = g(this.tcpFlags, 2);
    this.retransmissions = g(this.retransmissions, 2);
    this.nextSeq = g(this.nextSeq, 2);
    this.seqKnown = g(this.seqKnown, 2);
    this.rsts = g(this.rsts, 1);
    this.firstTime = g(this.firstTime, 1);
    this.lastTime = g(this.lastTime, 1);
    this.firstFrame = g(this.firstFrame, 1);
    this.pathId = g(this.pathId, 1);
    this.cap = cap;
  }

  /** Keeps the hash at most half full. */
  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let f = 0; f < this.count; f++) {
      let s = hashKey(this.keys, f * KEY_WORDS) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = f + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * FNV-1a over the key's words (IPv4 keys: the four that are not zero), finished with a shift so
 * that the low bits (the slot) mix well.
 */
function hashKey(words: Uint32Array, base: number): number {
  let h = 0x811c9dc5;
  if (words[base]! >> 8 === NET_IPV4) {
    h = Math.imul(h ^ words[base]!, 0x01000193);
    h = Math.imul(h ^ words[base + 1]!, 0x01000193);
    h = Math.imul(h ^ words[base + 2]!, 0x01000193);
    h = Math.imul(h ^ words[base + 6]!, 0x01000193);
  } else for (let i = 0; i < KEY_WORDS; i++) h = Math.imul(h ^ words[base + i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
