/**
 * Firewall logs: `summarizeFirewallLog` reads the kernel's packet log lines (iptables/ip6tables
 * LOG, nftables `log`, firewalld LogDenied, ufw) from files, directories, rotated `.gz`, stdin or
 * the journal, and returns the top sources, ports, (source, port) pairs, prefixes (with the zone,
 * policy or ufw action they name), packets per hour, scanners, and findings that say what to change
 * and how many bytes of log a day each change saves.
 *
 * @example
 *   const r = await summarizeFirewallLog(['/var/log/firewalld', '/var/log/firewalld.1.gz']);
 *   console.log(r.summary.pairs[0], r.findings);
 */

import { availableParallelism } from 'node:os';
import { NetdoctorError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Progress } from '../core/progress.js';
import {
  DEFAULT_MAX_LINE_BYTES,
  type FormatState,
  type InputReport,
  LINE_FORMATS,
  LOGS_ERRORS,
  lineFormat,
  readLogBytes,
  readLogs,
} from '../logs/index.js';
import { firewallFindings } from './findings.js';
import { tallyInParallel } from './parallel.js';
import { buildSummary, type FirewallSummary } from './summary.js';
import { FirewallTally } from './tally.js';

export { hourlyChartSvg } from './chart.js';
export { compressionRatio, humanBytes } from './findings.js';
export { firewallMessages } from './messages.js';
export { compressIpv6, emptyPacket, type PacketFields, readPacket } from './packet.js';
export { type PrefixMeaning, prefixMeaning } from './prefix.js';
export { icmpTypeName, serviceName } from './services.js';
export type { FirewallSummary, HourRow, PairRow, PortRow, PrefixRow, SourceRow } from './summary.js';

export interface FirewallLogOptions {
  stdin?: NodeJS.ReadableStream;
  /** Read the journal's kernel messages too: `journalctl -o json -k` plus these arguments. */
  journal?: boolean | { args: string[]; command?: string };
  since?: number;
  until?: number;
  /**
   * Read every line of the files and stdin in this format (a `LINE_FORMATS` id, e.g. `syslog-bsd`)
   * rather than telling it per line; a line it does not read is unparsed. The journal is JSON
   * whatever this says.
   */
  format?: string;
  /** Rows per table (default 20). */
  top?: number;
  /** A source is a scanner from this many distinct ports (default 20). */
  scanPorts?: number;
  /** A (source, port) pair is hammering from this many packets a day (default 1000). */
  hammerPerDay?: number;
  /** The log is too big from this many bytes a day (default 50 MB). */
  volumePerDay?: number;
  /** The rate proposed for the `limit` match, per minute (default 10). */
  limitPerMinute?: number;
  keepUnparsed?: number;
  maxLineBytes?: number;
  /** Distinct (source, port) pairs kept (default 1,000,000). */
  maxPairs?: number;
  /** Worker threads for one large plain file (default: 2, or 1 on a one-core machine); 1: none. */
  threads?: number;
  /** A plain file is split across the threads from this size (default 64 MiB). */
  parallelFromBytes?: number;
  now?: number;
  utcOffsetMinutes?: number;
  progress?: Progress;
}

export interface FirewallLogResult {
  findings: Finding[];
  summary: FirewallSummary;
  inputs: InputReport[];
  skipped: string[];
}

export async function summarizeFirewallLog(
  paths: readonly string[],
  options: FirewallLogOptions = {},
): Promise<FirewallLogResult> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const format = options.format === undefined ? undefined : lineFormat(options.format);
  if (options.format !== undefined && !format)
    throw new NetdoctorError('ND_USAGE', LOGS_ERRORS.unknownFormat, {
      input: options.format,
      params: { formats: LINE_FORMATS.map((f) => f.id).join(', ') },
    });
  const tallyOptions = {
    maxLineBytes,
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.maxPairs !== undefined ? { maxPairs: options.maxPairs } : {}),
    keepUnparsed: options.keepUnparsed ?? 20,
  };
  const tally = new FirewallTally({ ...tallyOptions, ...(format ? { format } : {}) });
  const threads = Math.max(1, Math.floor(options.threads ?? Math.min(2, availableParallelism())));
  const parallelFrom = options.parallelFromBytes ?? 64 * 1024 * 1024;
  const common = {
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
  };
  const read =
    paths.length > 0
      ? await readLogBytes(paths, {
          onLines: (buf, start, end, _input, state) => tally.lines_(buf, start, end, state),
          onCut: (head) => tally.cut(head),
          ...(threads > 1
            ? {
                readFile: (file: string, size: number, state: FormatState) =>
                  size < parallelFrom
                    ? Promise.resolve(undefined)
                    : tallyInParallel(tally, file, size, state, threads, {
                        ...(format ? { format: format.id } : {}),
                        tally: tallyOptions,
                      }),
              }
            : {}),
          maxLineBytes,
          ...(options.stdin ? { stdin: options.stdin } : {}),
          ...(options.progress ? { progress: options.progress } : {}),
          ...common,
        })
      : { inputs: [], skipped: [] };
  const journal =
    options.journal === true
      ? { args: ['-k'] }
      : options.journal === false || options.journal === undefined
        ? undefined
        : options.journal;
  if (journal) {
    // The journal's kernel records: each message read as a packet line (its time from the record).
    const j = await readLogs([], {
      journal,
      maxLineBytes,
      onRecord: (rec) => {
        const m = Buffer.from(`${rec.message}\n`);
        tally.record(m, rec.time);
      },
      onUnparsed: () => {
        tally.unparsed++;
      },
      ...common,
    });
    read.inputs.push(...j.inputs);
  }
  const summary = buildSummary(tally, { top: options.top ?? 20, scanPorts: options.scanPorts ?? 20 });
  const findings = firewallFindings(summary, read.inputs, tally.sample, {
    hammerPerDay: options.hammerPerDay ?? 1000,
    volumePerDay: options.volumePerDay ?? 50e6,
    limitPerMinute: options.limitPerMinute ?? 10,
    limitBurst: 20,
    maxLineBytes,
    maxNamed: 5,
  });
  return { findings, summary, inputs: read.inputs, skipped: read.skipped };
}
