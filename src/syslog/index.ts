/**
 * Syslog: `summarizeSyslog` reads system logs (files, directories, rotated `.gz`, stdin, the
 * journal; traditional, RFC 3339, RFC 5424 and journal JSON lines, or one forced format) into
 * counts per host, program, severity and day, messages grouped by template, the hours a program
 * wrote far more than it usually does, and the lines of one program or host.
 *
 * @example
 *   const r = await summarizeSyslog(['/var/log/syslog', '/var/log/syslog.1'], { program: 'sshd' });
 *   console.log(r.summary.templates[0], r.summary.matches.length);
 */
import type { Finding } from '../core/findings.js';
import { finding } from '../core/findings.js';
import type { Progress } from '../core/progress.js';
import { DEFAULT_MAX_LINE_BYTES, type InputReport, inputFindings, readLogs } from '../logs/index.js';
import { SyslogSummarizer, type SyslogSummary } from './summary.js';

export { syslogMessages } from './messages.js';
export { SEVERITY_NAMES, type SyslogSummary } from './summary.js';
export { messageTemplate } from './template.js';

export interface SyslogOptions {
  stdin?: NodeJS.ReadableStream;
  journal?: boolean | { args: string[]; command?: string };
  /** A `LINE_FORMATS` id to read every line in (default: each line's own). */
  format?: string;
  since?: number;
  until?: number;
  top?: number;
  /** Keep the lines of this program (and its sub-programs, `postfix` → `postfix/smtpd`) … */
  program?: string;
  /** … and/or of this host. */
  host?: string;
  /** How many of those lines to keep (default 10,000). */
  keepMatches?: number;
  keepUnparsed?: number;
  spikeFactor?: number;
  spikeMin?: number;
  /** Distinct templates kept (default 50,000). */
  maxTemplates?: number;
  maxLineBytes?: number;
  now?: number;
  utcOffsetMinutes?: number;
  progress?: Progress;
}

export interface SyslogResult {
  findings: Finding[];
  summary: SyslogSummary;
  inputs: InputReport[];
  skipped: string[];
}

export async function summarizeSyslog(
  paths: readonly string[],
  options: SyslogOptions = {},
): Promise<SyslogResult> {
  const s = new SyslogSummarizer({
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.program !== undefined ? { program: options.program } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    top: options.top ?? 20,
    keepMatches: options.keepMatches ?? 10_000,
    keepUnparsed: options.keepUnparsed ?? 20,
    spikeFactor: options.spikeFactor ?? 5,
    spikeMin: options.spikeMin ?? 50,
    maxTemplates: options.maxTemplates ?? 50_000,
  });
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const journal =
    options.journal === true ? { args: [] } : options.journal === false ? undefined : options.journal;
  const read = await readLogs(paths, {
    onRecord: (rec) => s.add(rec),
    onUnparsed: (line) => s.addUnparsed(line),
    maxLineBytes,
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(journal ? { journal } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const summary = s.result();
  const findings: Finding[] = inputFindings('syslog', read.inputs, maxLineBytes);
  const lines = read.inputs.reduce((n, i) => n + i.lines, 0);
  if (summary.records === 0 && summary.outOfRange === 0)
    findings.push(finding('syslog.no-records', 'warn', { lines }));
  for (const sp of summary.spikes.slice(0, 5)) {
    const top = summary.templates.find((t) => t.program === sp.program);
    findings.push(
      finding(
        'syslog.spike',
        'warn',
        {
          program: sp.program,
          hour: sp.hour.replace('T', ' '),
          count: sp.count,
          usual: sp.usual,
          times: Math.round(sp.count / Math.max(sp.usual, 1)),
          template: top?.template ?? '-',
          since: `${sp.hour}:00`,
          until: new Date(Date.parse(`${sp.hour}:00:00Z`) + 3_600_000).toISOString().slice(0, 16),
        },
        sp,
      ),
    );
  }
  for (const sv of summary.severe)
    findings.push(finding('syslog.severe', 'warn', { program: sv.key, count: sv.count }));
  if (summary.unparsed > 0) findings.push(finding('syslog.unparsed', 'info', { count: summary.unparsed }));
  return { findings, summary, inputs: read.inputs, skipped: read.skipped };
}
