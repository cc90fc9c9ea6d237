/**
 * The shared log input layer: files, directories, rotated `.gz`, stdin and the journal, read in
 * time order as records, with one file per line format (formats/). Mail logs (maillog/) and the
 * firewall and web logs read through it.
 */
export { LOGS_ERRORS } from './error-messages.js';
export { detectFormat, LINE_FORMATS, type LineFormat, lineFormat, parseLine } from './formats/index.js';
export { inputFindings } from './input-findings.js';
export { type LineCounts, splitLines } from './lines.js';
export {
  DEFAULT_MAX_LINE_BYTES,
  directStream,
  freshState,
  type InputReport,
  type OpenedText,
  type PlainFileCounts,
  type ReadLogsOptions,
  type ReadLogsResult,
  readLogs,
  textStream,
} from './read.js';
export { fileRanges, type ReadLogBytesOptions, readLogBytes, readRange } from './read-bytes.js';
export type { FormatState, LogRecord } from './record.js';
export { fileHead, type InputPlan, logFilesIn, planInputs, rotationKey, timeOrder } from './sources.js';
export { parseTimeBound } from './time.js';
