/**
 * The single pass over a capture: read → decode → count (summary, protocol paths, I/O) → flow
 * table (with classification). Every analysis is computed from the result afterwards, so one
 * read serves `summary`, `protocols`, `conversations`, `endpoints`, `io` and `diagnose`.
 */

import type { Readable } from 'node:stream';
import type { NetdoctorError } from '../core/errors.js';
import { IoCounter } from './analyses/io.js';
import { PathCounter } from './analyses/protocols.js';
import { SummaryCounters } from './analyses/summary.js';
import { createFlowClassifier } from './classifiers/index.js';
import { decodeFrame, decodeTunnel } from './decoders/index.js';
import { PacketLayers } from './decoders/layers.js';
import { type ClassifierFactory, FlowTable } from './flows/table.js';
import { allFlows, type Flow } from './flows/view.js';
import {
  type CaptureInfo,
  type PooledSource,
  type ReadCaptureOptions,
  readCapture,
  readCaptureStream,
} from './reader/open.js';
import type { CaptureRecord } from './reader/record.js';

/**
 * Reads and decodes every frame, calling `onPacket(rec, layers)` for each. Both objects are
 * reused for every frame (see reader/record.ts and decoders/layers.ts for the lifetime rules).
 */
export async function forEachPacket(
  path: string,
  onPacket: (rec: CaptureRecord, layers: PacketLayers) => void,
  options: ReadCaptureOptions = {},
): Promise<CaptureInfo> {
  const L = new PacketLayers();
  return readCapture(
    path,
    (rec) => {
      decodeFrame(rec, L);
      onPacket(rec, L);
    },
    options,
  );
}

/** Tunnels inside tunnels looked into (a crafted frame could nest them without end). */
export const MAX_TUNNEL_DEPTH = 4;

/**
 * Accounts a decoded frame in the flow table — `layers[0]`, as `decodeFrame` left it, and the
 * packet inside each tunnel it carries, decoded into `layers[1]`, `layers[2]` … — and writes each
 * layer's flow index (-1: not a flow) into `flows`. Returns how many layers there are (1 + the
 * tunnels). `analyzeCapture` and the display filters (`find`, `write`) share it, so that both see
 * the same layers, flows and classifications.
 */
export function accountLayers(
  b: Uint8Array,
  layers: readonly PacketLayers[],
  flows: Int32Array,
  table: FlowTable,
  length: number,
  time: number,
  frame: number,
  pathIndex: number,
): number {
  let outer = layers[0]!;
  flows[0] = table.add(outer, b, length, time, frame, pathIndex);
  if (outer.tunnelOffset < 0) return 1;
  // Hosts inside tunnels are endpoints too (as Wireshark counts them): each inner IP layer is a
  // flow of its own, up to MAX_TUNNEL_DEPTH levels. Path -1: the hierarchy shows the outer
  // packet's protocols; inner flows stay out of it.
  let n = 1;
  while (n <= MAX_TUNNEL_DEPTH && n < layers.length) {
    const inner = layers[n]!;
    if (!decodeTunnel(b, outer, inner)) break;
    flows[n] = table.add(inner, b, length, time, frame, -1);
    outer = inner;
    n++;
  }
  return n;
}

export interface AnalyzeOptions extends ReadCaptureOptions {
  /** Flow-table bound (default 1,000,000). */
  maxFlows?: number;
  /** Classifies TCP/UDP flows (default: capture/classifiers' `createFlowClassifier`). */
  classifier?: ClassifierFactory;
  /** Set false to skip payload classification (flows are then labelled `unknown`). */
  classify?: boolean;
  /** Seconds per I/O interval; I/O is counted only when set. */
  ioInterval?: number;
  /** Also called for each frame after accounting, with the flow index (-1: not a flow). */
  onPacket?: (rec: CaptureRecord, layers: PacketLayers, flow: number) => void;
  /** Read from this stream (tests, pipes) or pooled source (an upload) instead of opening `path`. */
  stream?: Readable | PooledSource;
}

export interface CaptureAnalysis {
  info: CaptureInfo;
  counters: SummaryCounters;
  paths: PathCounter;
  table: FlowTable;
  io?: IoCounter;
  /** Set when the capture was truncated or corrupt: everything above covers the frames before it. */
  error?: NetdoctorError;
  /** The flows as objects (computed once, on first call). */
  flows(): Flow[];
}

export async function analyzeCapture(path: string, options: AnalyzeOptions = {}): Promise<CaptureAnalysis> {
  const layers = Array.from({ length: MAX_TUNNEL_DEPTH + 1 }, () => new PacketLayers());
  const L = layers[0]!;
  const layerFlows = new Int32Array(MAX_TUNNEL_DEPTH + 1);
  const counters = new SummaryCounters();
  const paths = new PathCounter();
  const table = new FlowTable({
    ...(options.maxFlows !== undefined ? { maxFlows: options.maxFlows } : {}),
    ...(options.classify === false ? {} : { classifier: options.classifier ?? createFlowClassifier }),
  });
  const io = options.ioInterval !== undefined ? new IoCounter(options.ioInterval) : undefined;
  const onPacket = options.onPacket;
  const sink = (rec: CaptureRecord) => {
    decodeFrame(rec, L);
    const time = rec.tsSec + rec.tsNsec / 1e9;
    const len = rec.originalLength;
    counters.add(time, len, rec.capturedLength, rec.interfaceId);
    if (L.malformed !== '') counters.malformed++;
    const pathIndex = paths.add(PathCounter.pathKey(L), len);
    accountLayers(rec.data, layers, layerFlows, table, len, time, rec.frame, pathIndex);
    io?.add(time, len);
    onPacket?.(rec, L, layerFlows[0]!);
  };
  const info = options.stream
    ? await readCaptureStream(options.stream, path, sink, options)
    : await readCapture(path, sink, options);
  counters.finishLinkTypes(info.interfaces);
  let flows: Flow[] | undefined;
  const result: CaptureAnalysis = {
    info,
    counters,
    paths,
    table,
    flows: () => {
      flows ??= allFlows(table);
      return flows;
    },
  };
  if (io) result.io = io;
  if (info.error) result.error = info.error;
  return result;
}
