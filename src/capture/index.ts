/**
 * netdoctor's capture engine: pcap/pcapng (gzip, stdin) read as a stream, frames decoded without
 * per-packet allocation, flows tracked in a bounded table, and the reports built from one pass.
 *
 * Layers (each usable on its own):
 * - `readCapture(path, onRecord)` — frames as `CaptureRecord`s (one reused object: raw bytes in
 *   `data[offset, offset+capturedLength)`, `tsSec`+`tsNsec` (exact ns), captured/original length,
 *   `interfaceId`, `linkType`, 1-based `frame`, `fileOffset`). Valid only during the callback.
 *   `CaptureParser` is the same as a push parser (`push(chunk)` / `end()`).
 * - `forEachPacket(path, (rec, layers) => …)` — plus the decoded `PacketLayers` (one reused
 *   object: network 4/6/ARP, addresses `src4`/`dst4` or `src6`/`dst6` words, `protocol`,
 *   ports, `tcpSeq`/`tcpAck`/`tcpFlags`, `payloadOffset`/`payloadLength` into `rec.data`, …).
 * - `analyzeCapture(path, options)` → `CaptureAnalysis`: `counters` (summary), `paths` (protocol
 *   hierarchy), `table: FlowTable` (typed arrays, indexed by flow; `flowAt(table, i)` gives a
 *   `Flow` object), `io` (when `ioInterval` is set), `flows()` (all `Flow`s, memoized), and
 *   `error` when the capture is truncated/corrupt (results cover the frames before it).
 *   `onPacket(rec, layers, flowIndex)` sees each frame after accounting (diagnose uses it).
 * - Reports: `summaryReport`, `protocolsReport`, `conversationsReport`, `endpointsReport`,
 *   `ioReport` → `{ findings, …data }`.
 *
 * @example
 *   const a = await analyzeCapture('office.pcapng', { ioInterval: 1 });
 *   const { conversations } = conversationsReport(a, { by: 'tcp', top: 10 });
 */
export {
  type Conversation,
  type ConversationKind,
  conversations,
  type RankBy,
} from './analyses/conversations.js';
export {
  type DiagnoseOptions,
  type DiagnoseReport,
  DnsAnswerTracker,
  diagnose,
  diagnoseCapture,
} from './analyses/diagnose.js';
export { type Endpoint, endpoints } from './analyses/endpoints.js';
export { type IoInterval, type IoSeries, ioChartSvg, parseInterval } from './analyses/io.js';
export { hierarchyRows, type ProtocolNode, protocolHierarchy } from './analyses/protocols.js';
export type { CaptureSummary } from './analyses/summary.js';
export {
  CLASSIFIERS,
  type Classification,
  type Classifier,
  createFlowClassifier,
  protocolName,
} from './classifiers/index.js';
export { decodeFrame } from './decoders/index.js';
export * from './decoders/layers.js';
export { type AnalyzeOptions, analyzeCapture, type CaptureAnalysis, forEachPacket } from './engine.js';
// Packet-level tools (pcap find / follow / write).
export { type FindOptions, findPackets } from './filter/find.js';
export { type PacketSummary, summarize, summaryLine } from './filter/packet-line.js';
export * from './flows/index.js';
export { LINK_TYPES, linkTypeName } from './link/index.js';
export {
  type CaptureFormat,
  type CaptureInfo,
  CaptureParser,
  detectFormat,
  type PooledSource,
  type ReadCaptureOptions,
  readCapture,
  readCaptureStream,
} from './reader/open.js';
export {
  type CaptureInterface,
  type CaptureRecord,
  recordBytes,
  recordTime,
  recordTimeNs,
} from './reader/record.js';
export {
  captureFindings,
  conversationsReport,
  endpointsReport,
  ioReport,
  protocolsReport,
  summaryReport,
  type TopOptions,
} from './reports.js';
export { FOLLOW_DEFAULTS, type FollowChunk, followStream, parseEndpoints } from './streams/follow.js';
export { writePackets } from './write/index.js';
