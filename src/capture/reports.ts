/**
 * From one analysis to each action's `{ findings, ...data }`: summary, protocols, conversations,
 * endpoints, io. The findings here are about the capture itself (truncated, empty, cut short,
 * undecoded links, flow table full); diagnosis findings come from analyses/diagnose.ts.
 */
import { internalError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import {
  type Conversation,
  type ConversationKind,
  conversations,
  type RankBy,
} from './analyses/conversations.js';
import { type Endpoint, endpoints } from './analyses/endpoints.js';
import type { IoSeries } from './analyses/io.js';
import { type ProtocolNode, protocolHierarchy } from './analyses/protocols.js';
import { type CaptureSummary, capturedDrops, captureSummary } from './analyses/summary.js';
import type { CaptureAnalysis } from './engine.js';
import { LINK_TYPES } from './link/index.js';

/** Findings about the capture as a whole, shared by every action. */
export function captureFindings(a: CaptureAnalysis): Finding[] {
  const out: Finding[] = [];
  const c = a.counters;
  if (a.error) {
    out.push(
      finding(
        'pcap.capture.truncated',
        'fail',
        {
          offset: a.error.offset ?? 0,
          problem: a.error.message,
          packets: c.packets,
          input: a.info.input === '-' ? 'capture.pcap' : a.info.input,
        },
        { code: a.error.code, offset: a.error.offset, framesRead: c.packets },
      ),
    );
  }
  if (c.packets === 0 && !a.error) out.push(finding('pcap.capture.empty', 'info'));
  const dropped = capturedDrops(a.info);
  if (dropped !== undefined && dropped > 0) {
    out.push(
      finding(
        'pcap.capture.dropped',
        'warn',
        { dropped, packets: c.packets },
        a.info.interfaces
          .filter((i) => i.statistics)
          .map((i) => ({ interface: i.id, name: i.name, ...i.statistics })),
      ),
    );
  }
  if (c.cutShort > 0) {
    out.push(finding('pcap.frames.cut-short', 'info', { count: c.cutShort, packets: c.packets }));
  }
  const undecoded = [...c.perLinkType].filter(([lt]) => !LINK_TYPES.has(lt));
  if (undecoded.length) {
    out.push(
      finding(
        'pcap.link.undecoded',
        'info',
        {
          packets: undecoded.reduce((s, [, n]) => s + n, 0),
          linkTypes: undecoded.map(([lt]) => `LINKTYPE ${lt}`),
        },
        { linkTypes: undecoded.map(([linkType, packets]) => ({ linkType, packets })) },
      ),
    );
  }
  if (a.table.full) {
    out.push(
      finding(
        'pcap.flows.table-full',
        'warn',
        { maxFlows: a.table.maxFlows, packets: a.table.untrackedPackets },
        { untrackedPackets: a.table.untrackedPackets, untrackedBytes: a.table.untrackedBytes },
      ),
    );
  }
  return out;
}

export function summaryReport(a: CaptureAnalysis): { findings: Finding[]; summary: CaptureSummary } {
  return { findings: captureFindings(a), summary: captureSummary(a.info, a.counters, a.table.count) };
}

export function protocolsReport(a: CaptureAnalysis): { findings: Finding[]; protocols: ProtocolNode } {
  const root = protocolHierarchy(a.paths, a.flows(), a.table.pathId, {
    packets: a.counters.packets,
    bytes: a.counters.bytes,
  });
  return { findings: captureFindings(a), protocols: root };
}

export interface TopOptions {
  /** How many rows to keep (0: all). */
  top?: number;
  rankBy?: RankBy;
}

export function conversationsReport(
  a: CaptureAnalysis,
  options: TopOptions & { by?: ConversationKind } = {},
): { findings: Finding[]; by: ConversationKind; total: number; conversations: Conversation[] } {
  const by = options.by ?? 'ip';
  const all = conversations(a.flows(), by, options.rankBy);
  const top = options.top ?? 0;
  return {
    findings: captureFindings(a),
    by,
    total: all.length,
    conversations: top > 0 ? all.slice(0, top) : all,
  };
}

export function endpointsReport(
  a: CaptureAnalysis,
  options: TopOptions = {},
): { findings: Finding[]; total: number; endpoints: Endpoint[] } {
  const all = endpoints(a.flows(), options.rankBy);
  const top = options.top ?? 0;
  return { findings: captureFindings(a), total: all.length, endpoints: top > 0 ? all.slice(0, top) : all };
}

export function ioReport(a: CaptureAnalysis): { findings: Finding[]; io: IoSeries } {
  if (!a.io) throw internalError('ioReport needs analyzeCapture(…, { ioInterval })');
  return { findings: captureFindings(a), io: a.io.series() };
}
