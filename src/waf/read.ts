/**
 * Reads ModSecurity audit logs from where they live — one serial log file (and its rotations,
 * `.gz` included), the concurrent-log tree under `SecAuditLogStorageDir` (one file per
 * transaction: `<dir>/[<user>/]YYYYMMDD/YYYYMMDD-HHMM/YYYYMMDD-HHMMSS-<unique id>`), or stdin —
 * and hands each entry to the caller as it goes: memory stays one entry (and one line, capped)
 * whatever the size. A damaged input is reported in its `problems` and the rest is still read.
 * Paths, gzip, binary data and stdin go through the shared log input layer (src/logs); only the
 * walk of the concurrent-log tree and the entry assembly are the WAF's own.
 *
 * @example
 *   const r = await readAuditLogs(['/var/log/apache2/modsec_audit.log'], {
 *     onEntry: (e) => count(e), onUnparsed: () => bad++,
 *   });
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { causeText, NetdoctorError } from '../core/errors.js';
import { inputError, MiB } from '../core/input.js';
import type { Progress } from '../core/progress.js';
import {
  directStream,
  fileHead,
  type OpenedText,
  planInputs,
  splitLines,
  textStream,
  timeOrder,
} from '../logs/index.js';
import type { AuditEntry } from './entry.js';
import { WAF_ERRORS } from './error-messages.js';
import { type AssemblerSink, type AuditLayout, EntryAssembler } from './formats/serial.js';

/** A JSON entry holds the request and response headers (and bodies when logged): 4 MiB per line. */
export const DEFAULT_MAX_LINE_BYTES = 4 * MiB;
/** Problems kept per input (a tree of 100 000 files may have many unreadable ones). */
const MAX_PROBLEMS = 20;
/** How deep the concurrent-log tree goes: user / day / minute / file, with room to spare. */
const MAX_DEPTH = 6;

export type UnparsedKind = Parameters<AssemblerSink['unparsed']>[0];

export interface ReadAuditOptions {
  onEntry(entry: AuditEntry, input: string): void;
  onUnparsed?(kind: UnparsedKind, sample: string, input: string): void;
  /** stdin for `-`. */
  stdin?: NodeJS.ReadableStream;
  /** Read only entries in this layout (`serial` or `json`); by default told per entry. */
  format?: AuditLayout;
  /** Lines longer than this are cut (the entry holding them counted as unparsed). Default 4 MiB. */
  maxLineBytes?: number;
  progress?: Progress;
}

export interface AuditInputReport {
  /** The path given: a file, a directory, or `-` for stdin. */
  name: string;
  /** Files read (1 for a file or stdin; the entry files of a concurrent-log tree). */
  files: number;
  bytes: number;
  entries: number;
  unparsed: number;
  /** Lines longer than the cap. */
  cutLines: number;
  /** Why files were skipped or read only in part (at most 20 kept; `problemCount` has them all). */
  problems: NetdoctorError[];
  problemCount: number;
}

export interface ReadAuditResult {
  inputs: AuditInputReport[];
  /** Files in named directories that are not audit logs, left unread. */
  skipped: string[];
}

/** The file name of one concurrent-log entry: `20261206-211332-<unique id>`. */
const CONCURRENT_FILE = /^\d{8}-\d{6}(?:\.\d+)?-\S+$/;
const AUDIT_NAME = /audit/i;

/** Walks a directory for audit log files, oldest first (the tree's names sort by time). */
async function auditFilesIn(dir: string): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const here: string[] = [];
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(p, depth + 1).catch(() => skipped.push(p));
        else skipped.push(p);
      } else if (e.isFile() && (CONCURRENT_FILE.test(e.name) || AUDIT_NAME.test(e.name))) here.push(p);
      else skipped.push(p);
    }
    files.push(...timeOrder(here));
  };
  await walk(dir, 0);
  return { files, skipped };
}

class Reader {
  constructor(private readonly options: ReadAuditOptions) {}

  private problem(report: AuditInputReport, e: NetdoctorError): void {
    report.problemCount++;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(e);
  }

  /** Reads one stream (gzip peeled by the shared input layer) into entries, counting into `report`. */
  async stream(name: string, opened: Opened, report: AuditInputReport): Promise<void> {
    const { stream, gz, binary, cancel } = opened;
    if (binary) {
      cancel();
      this.problem(report, new NetdoctorError('ND_INPUT_FORMAT', WAF_ERRORS.binary, { input: name }));
      return;
    }
    const sink: AssemblerSink = {
      entry: (e) => {
        report.entries++;
        this.options.onEntry(e, name);
      },
      unparsed: (kind, sample) => {
        report.unparsed++;
        this.options.onUnparsed?.(kind, sample, name);
      },
    };
    const assembler = new EntryAssembler(sink, this.options.format);
    try {
      const counts = await splitLines(stream, (line, cut) => assembler.line(line, cut), {
        maxLineBytes: this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
        onBytes: (n) => this.options.progress?.update(name, report.bytes + n, undefined, 'bytes'),
      });
      assembler.end();
      report.bytes += counts.bytes;
      report.cutLines += counts.cut;
    } catch (e) {
      assembler.end();
      cancel();
      const code = (e as { code?: string }).code;
      if (e instanceof NetdoctorError) this.problem(report, e);
      else if (
        gz &&
        (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE')
      )
        this.problem(
          report,
          new NetdoctorError(
            'ND_INPUT_FORMAT',
            code === 'Z_DATA_ERROR' ? WAF_ERRORS.gzipBad : WAF_ERRORS.gzipCut,
            {
              input: name,
              params: { why: causeText(e) },
              cause: e,
            },
          ),
        );
      else this.problem(report, inputError(e, name));
    }
  }

  async file(file: string, report: AuditInputReport): Promise<void> {
    const regular = await stat(file).then(
      (st) => st.isFile(),
      () => true, // the read below names the problem
    );
    if (!regular) {
      // A pipe or a device (`<(zcat …)`): read once, in order, as stdin is.
      report.files++;
      const s = createReadStream(file, { highWaterMark: MiB });
      s.on('error', () => {});
      await this.stream(file, await textStream(s), report);
      return;
    }
    let first: Buffer;
    try {
      first = await fileHead(file);
    } catch (e) {
      this.problem(report, inputError(e, file));
      return;
    }
    report.files++;
    const s = createReadStream(file, { highWaterMark: MiB });
    s.on('error', () => {}); // surfaces through the line reader
    // A gzip stream ends early when its file is cut: report it as the cut, not as an I/O error.
    await this.stream(file, await directStream(s, first), report);
  }
}

type Opened = OpenedText;

function freshReport(name: string): AuditInputReport {
  return { name, files: 0, bytes: 0, entries: 0, unparsed: 0, cutLines: 0, problems: [], problemCount: 0 };
}

/** Reads every input (see the module comment); a path that does not exist is an error naming it. */
export async function readAuditLogs(
  paths: readonly string[],
  options: ReadAuditOptions,
): Promise<ReadAuditResult> {
  const reader = new Reader(options);
  const inputs: AuditInputReport[] = [];
  // Resolve every path first: a typo fails before anything is read.
  const { plan, skipped } = await planInputs(paths, auditFilesIn, WAF_ERRORS.noAuditFiles);
  // Files named one by one are put in rotation order (modsec_audit.log.2.gz before .1 before the live one).
  const single = plan.filter((x) => x.files?.length === 1 && x.files[0] === x.name).map((x) => x.name);
  const ordered = timeOrder(single);
  let k = 0;
  const inOrder = plan.map((x) =>
    x.files?.length === 1 && x.files[0] === x.name
      ? { name: ordered[k], files: [ordered[k++] as string] }
      : x,
  );
  for (const item of inOrder) {
    const name = item.name as string;
    const report = freshReport(name);
    inputs.push(report);
    if (!item.files) {
      report.files = 1;
      await reader.stream('-', await textStream((options.stdin ?? process.stdin) as Readable), report);
      continue;
    }
    for (const f of item.files) await reader.file(f, report);
  }
  options.progress?.done();
  return { inputs, skipped };
}
