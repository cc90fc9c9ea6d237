/**
 * What the capture page shows of one analysed upload: the reports of `pcap summary`, `protocols`,
 * `conversations`, `io` and `diagnose` (their `--json`), from the one pass of the engine. Apart
 * from pages.ts so that the upload's worker thread (capture-worker.ts) loads only the engine.
 */
import type { ProtocolNode } from '../capture/analyses/protocols.js';
import type { CaptureAnalysis, DiagnoseReport } from '../capture/index.js';
import {
  conversationsReport,
  ioChartSvg,
  ioReport,
  protocolsReport,
  summaryReport,
} from '../capture/index.js';
import type { Finding } from '../core/findings.js';

export interface CaptureResult {
  id: string;
  name: string;
  at: number;
  summary: ReturnType<typeof summaryReport>['summary'];
  protocols: ProtocolNode;
  conversations: ReturnType<typeof conversationsReport>['conversations'];
  ioSvg: string;
  findings: Finding[];
  error?: string;
}

/** The reports of one analysed capture (one pass: see `analyzeUpload` in upload.ts). */
export function captureResult(
  id: string,
  name: string,
  r: DiagnoseReport & { analysis: CaptureAnalysis },
): CaptureResult {
  const a = r.analysis;
  const io = ioReport(a).io;
  return {
    id,
    name,
    at: Date.now(),
    summary: summaryReport(a).summary,
    protocols: protocolsReport(a).protocols,
    conversations: conversationsReport(a, { by: 'ip', top: 20, rankBy: 'bytes' }).conversations,
    ioSvg: ioChartSvg(io, `${name}: traffic`),
    findings: r.findings,
    ...(a.error ? { error: a.error.oneLine() } : {}),
  };
}
