/** The firewall log's tables, built once from the tally at the end of the read. */
import { ipv4Text, PROTO_ICMP, PROTO_ICMPV6, PROTO_NAMES } from './packet.js';
import { type PrefixMeaning, prefixMeaning } from './prefix.js';
import { icmpTypeName, serviceName } from './services.js';
import type { FirewallTally } from './tally.js';

export interface SourceRow {
  source: string;
  packets: number;
  logBytes: number;
  /** Distinct destination (protocol, port) pairs this source was logged on. */
  ports: number;
  /** The port it was logged on most, as `22/tcp`. */
  topPort: string;
  topPortPackets: number;
}

export interface PortRow {
  /** `22/tcp`, `53/udp`, `icmp 8`. */
  port: string;
  protocol: string;
  number: number;
  service?: string;
  packets: number;
  logBytes: number;
  sources: number;
}

export interface PairRow {
  source: string;
  port: string;
  service?: string;
  packets: number;
  logBytes: number;
}

export interface PrefixRow extends PrefixMeaning {
  prefix: string;
  packets: number;
  logBytes: number;
  nonUnicast: number;
  nonUnicastBytes: number;
  input: number;
  output: number;
  forward: number;
}

export interface HourRow {
  /** `2026-12-06T09` (the log's wall clock). */
  hour: string;
  packets: number;
  logBytes: number;
}

export interface FirewallSummary {
  lines: { total: number; packets: number; other: number; unparsed: number; outOfRange: number };
  packets: number;
  /** Bytes of packet log lines, and of the packets themselves (IP length). */
  logBytes: number;
  packetBytes: number;
  /** The wall-clock span of the packet lines (ISO, the log's clock), when they carry one. */
  first?: string;
  last?: string;
  /** Days covered (at least one hour's worth), for the per-day figures. */
  days: number;
  logBytesPerDay: number;
  untimed: number;
  distinctSources: number;
  /** Packets of (source, port) pairs beyond the table's cap, counted only in totals. */
  overflow: number;
  sources: SourceRow[];
  ports: PortRow[];
  pairs: PairRow[];
  prefixes: PrefixRow[];
  perHour: HourRow[];
  /** Sources that were logged on at least `scanPorts` distinct ports, most ports first. */
  scanners: SourceRow[];
  unparsedExamples: string[];
}

export interface SummaryOptions {
  top: number;
  scanPorts: number;
}

function portText(proto: number, port: number): string {
  if (proto === PROTO_ICMP || proto === PROTO_ICMPV6) return `${PROTO_NAMES[proto]} ${port}`;
  if (proto === 0) return 'other';
  return `${port}/${PROTO_NAMES[proto]}`;
}

function service(proto: number, port: number): string | undefined {
  if (proto === PROTO_ICMP || proto === PROTO_ICMPV6) return icmpTypeName(port, proto === PROTO_ICMPV6);
  if (proto === 0) return undefined;
  return serviceName(port);
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 19);

/**
 * The indices `0 … n-1` of the `k` greatest keys, greatest first, ties in index order: what a
 * stable sort by key (descending) followed by `slice(0, k)` gives, in one pass and without the
 * array of all n (the pair table holds up to a million entries; the summary shows 20).
 */
export function topIndices(n: number, k: number, key: (i: number) => number): number[] {
  const best: number[] = [];
  const keys: number[] = [];
  if (k <= 0) return best;
  for (let i = 0; i < n; i++) {
    const v = key(i);
    if (best.length === k && !(v > (keys[k - 1] as number))) continue;
    // after every kept one with a key at least as great (ties: the earlier index first)
    let j = best.length;
    while (j > 0 && (keys[j - 1] as number) < v) j--;
    best.splice(j, 0, i);
    keys.splice(j, 0, v);
    if (best.length > k) {
      best.pop();
      keys.pop();
    }
  }
  return best;
}

export function buildSummary(t: FirewallTally, o: SummaryOptions): FirewallSummary {
  const nSources = t.sourceKeys.length;
  const srcPackets = new Float64Array(nSources);
  const srcBytes = new Float64Array(nSources);
  const srcPorts = new Uint32Array(nSources);
  const srcTop = new Float64Array(nSources);
  const srcTopKey = new Float64Array(nSources);
  // Ports by (protocol << 16 | port), numbered in first-seen order (the order ties are listed in).
  const portIndex = new Map<number, number>();
  const portKey: number[] = [];
  const portPackets: number[] = [];
  const portBytes: number[] = [];
  const portSources: number[] = [];
  const P = t.pairs;
  for (let slot = 0; slot < P.size; slot++) {
    const si = P.src[slot] as number;
    const pp = P.pp[slot] as number;
    const c = P.count[slot] as number;
    const b = P.bytes[slot] as number;
    srcPackets[si] = (srcPackets[si] as number) + c;
    srcBytes[si] = (srcBytes[si] as number) + b;
    srcPorts[si] = (srcPorts[si] as number) + 1;
    if (c > (srcTop[si] as number)) {
      srcTop[si] = c;
      srcTopKey[si] = pp;
    }
    let pi = portIndex.get(pp);
    if (pi === undefined) {
      pi = portKey.length;
      portIndex.set(pp, pi);
      portKey.push(pp);
      portPackets.push(0);
      portBytes.push(0);
      portSources.push(0);
    }
    portPackets[pi] = (portPackets[pi] as number) + c;
    portBytes[pi] = (portBytes[pi] as number) + b;
    portSources[pi] = (portSources[pi] as number) + 1;
  }
  const sourceText = (si: number) => {
    const k = t.sourceKeys[si] as number | string;
    return typeof k === 'number' ? ipv4Text(k) : k;
  };
  const sourceRow = (si: number): SourceRow => {
    const pp = srcTopKey[si] as number;
    return {
      source: sourceText(si),
      packets: srcPackets[si] as number,
      logBytes: srcBytes[si] as number,
      ports: srcPorts[si] as number,
      topPort: portText(pp >> 16, pp & 0xffff),
      topPortPackets: srcTop[si] as number,
    };
  };
  const sources = topIndices(nSources, o.top, (si) => srcPackets[si] as number).map(sourceRow);
  const scanners = topIndices(nSources, o.top, (si) =>
    (srcPorts[si] as number) >= o.scanPorts ? (srcPorts[si] as number) : -1,
  )
    .filter((si) => (srcPorts[si] as number) >= o.scanPorts)
    .map(sourceRow);
  const portRows: PortRow[] = topIndices(portKey.length, o.top, (pi) => portPackets[pi] as number).map(
    (pi) => {
      const pp = portKey[pi] as number;
      const proto = pp >> 16;
      const number = pp & 0xffff;
      const svc = service(proto, number);
      return {
        port: portText(proto, number),
        protocol: PROTO_NAMES[proto] ?? 'other',
        number,
        ...(svc ? { service: svc } : {}),
        packets: portPackets[pi] as number,
        logBytes: portBytes[pi] as number,
        sources: portSources[pi] as number,
      };
    },
  );
  const pairRows: PairRow[] = topIndices(P.size, o.top, (slot) => P.count[slot] as number).map((slot) => {
    const pp = P.pp[slot] as number;
    const svc = service(pp >> 16, pp & 0xffff);
    return {
      source: sourceText(P.src[slot] as number),
      port: portText(pp >> 16, pp & 0xffff),
      ...(svc ? { service: svc } : {}),
      packets: P.count[slot] as number,
      logBytes: P.bytes[slot] as number,
    };
  });
  const prefixes: PrefixRow[] = [...t.prefixes.values()]
    .sort((a, b) => b.packets - a.packets)
    .map((p) => ({
      prefix: p.text,
      ...prefixMeaning(p.text),
      packets: p.packets,
      logBytes: p.logBytes,
      nonUnicast: p.nonUnicast,
      nonUnicastBytes: p.nonUnicastBytes,
      input: p.input,
      output: p.output,
      forward: p.forward,
    }));
  const perHour: HourRow[] = [...t.hours.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([h, [packets, logBytes]]) => ({ hour: iso(h * 3_600_000).slice(0, 13), packets, logBytes }));
  const timed = Number.isFinite(t.first);
  const spanMs = timed ? t.last - t.first : 0;
  const days = Math.max(spanMs / 86_400_000, 1 / 24);
  return {
    lines: {
      total: t.lines,
      packets: t.packets,
      other: t.otherLines,
      unparsed: t.unparsed,
      outOfRange: t.outOfRange,
    },
    packets: t.packets,
    logBytes: t.logBytes,
    packetBytes: t.packetBytes,
    ...(timed ? { first: iso(t.first), last: iso(t.last) } : {}),
    days,
    logBytesPerDay: Math.round(t.logBytes / days),
    untimed: t.untimed,
    distinctSources: nSources,
    overflow: t.overflow,
    sources,
    ports: portRows,
    pairs: pairRows,
    prefixes,
    perHour,
    scanners,
    unparsedExamples: t.unparsedExamples,
  };
}
