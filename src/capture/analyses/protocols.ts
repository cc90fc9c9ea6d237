/**
 * The protocol hierarchy (like Wireshark's Statistics → Protocol Hierarchy): link → network →
 * transport → application, with packets and bytes at each level and their share of the capture.
 * Link to transport is counted per frame; the application level comes from each flow's label,
 * with `evidence` telling whether a payload signature or only a port named it.
 */
import { NET_ARP, NET_IPV4, NET_IPV6, NET_NONE, type PacketLayers } from '../decoders/layers.js';
import type { Flow } from '../flows/view.js';
import { transportName } from '../flows/view.js';
import { linkTypeName } from '../link/index.js';

/** Counts frames per protocol path; the path of a frame is one number (see `pathKey`). */
export class PathCounter {
  private readonly index = new Map<number, number>();
  readonly keys: number[] = [];
  readonly packets: number[] = [];
  readonly bytes: number[] = [];
  private lastKey = -1;
  private lastIndex = -1;

  /** The frame's path as a number: link type, VLAN, ethertype, IP protocol, AH. */
  static pathKey(L: PacketLayers): number {
    const vlan = L.vlanCount > 0 ? 1 : 0;
    const ether = L.linkKnown ? (L.etherType < 0 ? 0xffff : L.etherType) : 0xfffe;
    const net = L.network === NET_IPV4 || L.network === NET_IPV6;
    const proto = net
      ? L.isFragment && L.fragmentOffset > 0
        ? 257
        : L.protocol < 0
          ? 256
          : L.protocol
      : 256;
    return ((((L.linkType & 0xffff) * 2 + vlan) * 65536 + ether) * 512 + proto) * 2 + (L.ah ? 1 : 0);
  }

  /** Adds a frame; returns the path's index (a flow remembers it for the application level). */
  add(key: number, bytes: number): number {
    let i: number;
    if (key === this.lastKey) i = this.lastIndex;
    else {
      const found = this.index.get(key);
      if (found === undefined) {
        i = this.keys.length;
        this.index.set(key, i);
        this.keys.push(key);
        this.packets.push(0);
        this.bytes.push(0);
      } else i = found;
      this.lastKey = key;
      this.lastIndex = i;
    }
    this.packets[i]!++;
    this.bytes[i]! += bytes;
    return i;
  }
}

const ETHER_NAMES: Record<number, string> = {
  2048: 'ipv4',
  34525: 'ipv6',
  2054: 'arp',
  32821: 'rarp',
  35020: 'lldp',
  34915: 'pppoed',
  34916: 'pppoes',
  34958: 'eapol',
  34887: 'mpls',
  34888: 'mpls',
  35151: 'nsh',
  35045: 'macsec',
  36864: 'loop',
  65535: 'llc',
  65534: 'undecoded',
};

/** The names along a path, e.g. `['eth', 'vlan', 'ipv4', 'tcp']`. */
export function pathNames(key: number): string[] {
  const ah = key % 2;
  let k = Math.floor(key / 2);
  const proto = k % 512;
  k = Math.floor(k / 512);
  const ether = k % 65536;
  k = Math.floor(k / 65536);
  const vlan = k % 2;
  const linkType = Math.floor(k / 2);
  const names = [linkTypeName(linkType)];
  if (vlan) names.push('vlan');
  if (ether === 0xfffe) return names;
  names.push(ETHER_NAMES[ether] ?? `ethertype-0x${ether.toString(16).padStart(4, '0')}`);
  if (ether !== 0x0800 && ether !== 0x86dd) return names;
  if (ah) names.push('ah');
  if (proto === 257) names.push('fragment');
  else if (proto !== 256) names.push(transportName(proto));
  return names;
}

export interface ProtocolNode {
  name: string;
  packets: number;
  bytes: number;
  /** Share of all frames / all bytes of the capture, 0–100. */
  packetShare: number;
  byteShare: number;
  /** Application level only: `payload` when a signature recognised some of its flows, else `port`/`none`. */
  evidence?: { payload: number; port: number; none: number };
  children: ProtocolNode[];
}

/**
 * Builds the hierarchy from the per-frame paths and the flows (for the application level).
 * `flowPath[i]` is the path index of flow i's first frame.
 */
export function protocolHierarchy(
  paths: PathCounter,
  flows: readonly Flow[],
  flowPath: ArrayLike<number>,
  total: { packets: number; bytes: number },
): ProtocolNode {
  const root: ProtocolNode = {
    name: 'frame',
    packets: 0,
    bytes: 0,
    packetShare: 0,
    byteShare: 0,
    children: [],
  };
  const nodeAt = (names: string[]): ProtocolNode => {
    let n = root;
    for (const name of names) {
      let c = n.children.find((x) => x.name === name);
      if (!c) {
        c = { name, packets: 0, bytes: 0, packetShare: 0, byteShare: 0, children: [] };
        n.children.push(c);
      }
      n = c;
    }
    return n;
  };
  const pathNodes: ProtocolNode[][] = [];
  paths.keys.forEach((key, i) => {
    const names = pathNames(key);
    const chain: ProtocolNode[] = [];
    for (let d = 1; d <= names.length; d++) chain.push(nodeAt(names.slice(0, d)));
    for (const n of chain) {
      n.packets += paths.packets[i]!;
      n.bytes += paths.bytes[i]!;
    }
    pathNodes[i] = chain;
  });
  root.packets = total.packets;
  root.bytes = total.bytes;
  for (const f of flows) {
    if (f.protocol !== 6 && f.protocol !== 17) continue;
    const chain = pathNodes[flowPath[f.index]!];
    const parent = chain?.[chain.length - 1];
    if (!parent) continue;
    let app = parent.children.find((c) => c.name === f.application);
    if (!app) {
      app = {
        name: f.application,
        packets: 0,
        bytes: 0,
        packetShare: 0,
        byteShare: 0,
        evidence: { payload: 0, port: 0, none: 0 },
        children: [],
      };
      parent.children.push(app);
    }
    app.packets += f.packets[0] + f.packets[1];
    app.bytes += f.bytes[0] + f.bytes[1];
    app.evidence![f.evidence]++;
  }
  const finish = (n: ProtocolNode) => {
    n.packetShare = total.packets ? (100 * n.packets) / total.packets : 0;
    n.byteShare = total.bytes ? (100 * n.bytes) / total.bytes : 0;
    n.children.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
    n.children.forEach(finish);
  };
  finish(root);
  return root;
}

/** Rows for a text table: indented names with packets, bytes and shares. */
export function hierarchyRows(root: ProtocolNode, lang: 'en' | 'ja' = 'en'): string[][] {
  const rows: string[][] = [];
  const ja = lang === 'ja';
  const walk = (n: ProtocolNode, depth: number) => {
    const e = n.evidence;
    const flows = e ? e.payload + e.port + e.none : 0;
    const ev = e
      ? e.payload > 0
        ? e.port + e.none > 0
          ? ja
            ? `ペイロード（${flows} フロー中 ${e.payload}）`
            : `payload (${e.payload} of ${flows} flows)`
          : ja
            ? 'ペイロード'
            : 'payload'
        : e.port > 0
          ? ja
            ? 'ポート番号のみ'
            : 'port only'
          : ''
      : '';
    rows.push([
      `${'  '.repeat(depth)}${n.name}`,
      String(n.packets),
      `${n.packetShare.toFixed(1)}%`,
      String(n.bytes),
      `${n.byteShare.toFixed(1)}%`,
      ev,
    ]);
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return rows;
}

export { NET_ARP, NET_NONE };
