/** `pcap summary`: what capinfos tells — packets, bytes, time span, rates, link types, interfaces. */

import { LINK_TYPE_TITLES, linkTypeName } from '../link/index.js';
import type { CaptureInfo } from '../reader/open.js';

/** Per-frame counters gathered in the single pass. */
export class SummaryCounters {
  packets = 0;
  /** Bytes on the wire (original lengths), as capinfos' "Data size". */
  bytes = 0;
  capturedBytes = 0;
  /** Frames shorter in the file than on the wire (snaplen). */
  cutShort = 0;
  firstTime = Number.POSITIVE_INFINITY;
  lastTime = Number.NEGATIVE_INFINITY;
  /** Frames whose timestamp is earlier than the one before (out of order). */
  outOfOrder = 0;
  private prevTime = Number.NEGATIVE_INFINITY;
  perInterface: number[] = [];
  /** Frames per link type (filled in by `finishLinkTypes` from the interfaces). */
  perLinkType = new Map<number, number>();
  malformed = 0;
  undecodedLink = 0;

  add(time: number, orig: number, caplen: number, iface: number): void {
    this.packets++;
    this.bytes += orig;
    this.capturedBytes += caplen;
    if (caplen < orig) this.cutShort++;
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
    if (time < this.prevTime) this.outOfOrder++;
    this.prevTime = time;
    while (this.perInterface.length <= iface) this.perInterface.push(0);
    this.perInterface[iface]!++;
  }

  /** Each interface has one link type: frames per link type follow from frames per interface. */
  finishLinkTypes(interfaces: readonly { id: number; linkType: number }[]): void {
    this.perLinkType.clear();
    for (const i of interfaces) {
      const n = this.perInterface[i.id] ?? 0;
      if (n > 0) this.perLinkType.set(i.linkType, (this.perLinkType.get(i.linkType) ?? 0) + n);
    }
  }
}

export interface CaptureSummary {
  format: string;
  compressed: boolean;
  byteOrder: string;
  resolution?: string;
  sections: number;
  packets: number;
  bytes: number;
  capturedBytes: number;
  cutShort: number;
  malformed: number;
  firstTime: string | null;
  lastTime: string | null;
  /** Seconds between the first and the last frame. */
  durationSeconds: number;
  bytesPerSecond: number;
  bitsPerSecond: number;
  packetsPerSecond: number;
  averagePacketSize: number;
  outOfOrder: number;
  linkTypes: { linkType: number; name: string; title: string; packets: number }[];
  interfaces: {
    id: number;
    name?: string;
    linkType: number;
    snapLength: number;
    packets: number;
    statistics?: { received?: number; droppedByInterface?: number; droppedByOs?: number };
  }[];
  /** Packets the capture tool says it dropped (pcapng statistics), when it says so. */
  dropped?: number;
  flows: number;
}

function iso(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  return new Date(Math.floor(t * 1000)).toISOString();
}

export function captureSummary(info: CaptureInfo, s: SummaryCounters, flows: number): CaptureSummary {
  const duration = s.packets > 1 ? s.lastTime - s.firstTime : 0;
  const out: CaptureSummary = {
    format: info.format,
    compressed: info.compressed,
    byteOrder: info.byteOrder,
    sections: info.sections,
    packets: s.packets,
    bytes: s.bytes,
    capturedBytes: s.capturedBytes,
    cutShort: s.cutShort,
    malformed: s.malformed,
    firstTime: iso(s.firstTime),
    lastTime: iso(s.lastTime),
    durationSeconds: duration,
    bytesPerSecond: duration > 0 ? s.bytes / duration : 0,
    bitsPerSecond: duration > 0 ? (8 * s.bytes) / duration : 0,
    packetsPerSecond: duration > 0 ? s.packets / duration : 0,
    averagePacketSize: s.packets ? s.bytes / s.packets : 0,
    outOfOrder: s.outOfOrder,
    linkTypes: [...s.perLinkType].map(([linkType, packets]) => ({
      linkType,
      name: linkTypeName(linkType),
      title: LINK_TYPE_TITLES[linkType] ?? `link type ${linkType} (not decoded)`,
      packets,
    })),
    interfaces: info.interfaces.map((i) => ({
      id: i.id,
      ...(i.name ? { name: i.name } : {}),
      linkType: i.linkType,
      snapLength: i.snapLength,
      packets: s.perInterface[i.id] ?? 0,
      ...(i.statistics ? { statistics: i.statistics } : {}),
    })),
    flows,
  };
  if (info.resolution) out.resolution = info.resolution;
  const dropped = capturedDrops(info);
  if (dropped !== undefined) out.dropped = dropped;
  return out;
}

/** Packets dropped by the capturing interface or OS, summed over interfaces (undefined: not known). */
export function capturedDrops(info: CaptureInfo): number | undefined {
  let known = false;
  let n = 0;
  for (const i of info.interfaces) {
    const st = i.statistics;
    if (!st || (st.droppedByInterface === undefined && st.droppedByOs === undefined)) continue;
    known = true;
    n += (st.droppedByInterface ?? 0) + (st.droppedByOs ?? 0);
  }
  return known ? n : undefined;
}
