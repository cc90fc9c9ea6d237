/**
 * The scanning half of the mail log pipeline (pipeline.ts), on a thread of its own — the caller's
 * when the summary is counted in a worker thread, else a worker thread: reads one plain
 * file front to back into a ring of shared slots, splits it into lines exactly as `splitLines`
 * and `readLogs` do (line cap, CR, empty lines, the first 20 lines read the string way to name the
 * format), scans each line (`LineScanner`: stamp and year, tag, queue id, fields) into the slot's
 * numbers, and reads the rest the string way (`parseLine`, with the same format state, so the
 * year is inferred in line order). Each full slot is handed over in order; the summary's thread
 * counts it and gives the slot back. The joins of the summary all happen there, in line order.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
// Only what scanning needs (not the summary, the mail library or the readers): a light thread.
import { detectFormat, parseLine } from '../logs/formats/index.js';
import type { FormatState, LogRecord } from '../logs/record.js';
import { LineScanner, markSlow } from './fast-path.js';

/** `Atomics.waitAsync` (ES2024, in Node since 16; the project's TypeScript lib is ES2023). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      i: number,
      v: number,
      timeout: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

export interface ScanJob {
  file: string;
  state: FormatState;
  /** The line cap (`maxLineBytes`); below the slot size. */
  cap: number;
  maxLines: number;
  slots: { data: SharedArrayBuffer; m: SharedArrayBuffer; d: SharedArrayBuffer }[];
  /** One Int32 per slot: 1 while handed over, 0 when free. */
  ctrl: SharedArrayBuffer;
  /** Set (to 1) by the counting side when it stops early: the scan ends at the next slot. */
  stop: SharedArrayBuffer;
}

/** A line read the string way: its record, or (`u`) the line no format reads or cut at the cap. */
export type SlowEntry = LogRecord | { u: string };

export type ScanMessage =
  | { t: 'batch'; k: number; n: number; entries: SlowEntry[]; programs: string[]; bytes: number }
  | { t: 'end'; lines: number; bytes: number; records: number; cut: number; format?: string }
  | { t: 'error'; message: string; code?: string };

/**
 * Scans `job.file` into the slots, handing each over with `post` once full. On a thread of its
 * own (`blocking`) it sleeps while every slot is being counted; on a thread that does other work
 * (a server's) it waits without blocking the event loop, and lets other work run between slots.
 */
export async function scanFile(
  job: ScanJob,
  post: (m: ScanMessage) => void,
  blocking: boolean,
): Promise<void> {
  const slots = job.slots.map((s) => ({
    data: Buffer.from(s.data),
    m: new Int32Array(s.m),
    d: new Float64Array(s.d),
  }));
  const ctrl = new Int32Array(job.ctrl);
  const stop = new Int32Array(job.stop);
  const { cap, maxLines, state } = job;
  const size = (slots[0] as (typeof slots)[number]).data.length;
  const scanner = new LineScanner();
  const firstLines: string[] = [];
  let format: string | undefined;
  let lines = 0;
  let records = 0;
  let cut = 0;
  let bytes = 0;
  const carry = Buffer.allocUnsafe(size);
  let carryLen = 0;
  let skipping = false;
  let eof = false;
  let k = 0;
  const fd = openSync(job.file, 'r');
  try {
    for (;;) {
      while (Atomics.load(ctrl, k) !== 0 && Atomics.load(stop, 0) === 0) {
        // A pending waitAsync does not keep a thread alive: a thread of its own sleeps instead.
        if (blocking) Atomics.wait(ctrl, k, 1, 1000);
        else {
          const w = waitAsync(ctrl, k, 1, 1000);
          if (w.async) await w.value;
        }
      }
      if (Atomics.load(stop, 0) !== 0) return;
      const { data, m, d } = slots[k] as (typeof slots)[number];
      carry.copy(data, 0, 0, carryLen);
      let filled = carryLen;
      carryLen = 0;
      while (!eof && filled < size) {
        const got = readSync(fd, data, filled, size - filled, null);
        if (got === 0) eof = true;
        filled += got;
        bytes += got;
      }
      const view = data.subarray(0, filled);
      const asciiSlot = isAscii(view);
      const entries: SlowEntry[] = [];
      let n = 0;
      const slow = (entry: SlowEntry) => {
        entries.push(entry);
        markSlow(m, n++, entries.length - 1);
      };
      /** A whole line `[s, e)` (no `\n`), as `splitLines`' emit and `readLogs`' readOne read it. */
      const line = (s: number, e: number) => {
        if (e - s > cap) {
          let head = s + cap;
          if (data[head - 1] === 0x0d) head--;
          lines++;
          cut++;
          if (head > s) slow({ u: data.toString('utf8', s, head) });
          return;
        }
        if (e > s && data[e - 1] === 0x0d) e--;
        lines++;
        if (e === s) return;
        const ascii = asciiSlot || isAscii(data.subarray(s, e));
        if (ascii && firstLines.length >= 20 && scanner.scan(data, s, e, state, m, d, n)) {
          n++;
          records++;
          return;
        }
        const text = data.toString(ascii ? 'latin1' : 'utf8', s, e);
        if (firstLines.length < 20) {
          firstLines.push(text.slice(0, 600));
          const f = detectFormat(firstLines);
          if (f !== undefined) format = f;
        }
        const rec = parseLine(text, state);
        if (rec) {
          records++;
          slow(rec);
        } else slow({ u: text });
      };
      let pos = 0;
      let full = false;
      while (pos < filled) {
        if (n >= maxLines) {
          full = true;
          break;
        }
        const nl = view.indexOf(0x0a, pos);
        if (skipping) {
          if (nl < 0) {
            pos = filled;
            break;
          }
          skipping = false;
          pos = nl + 1;
          continue;
        }
        if (nl < 0) {
          // A line not ended in this slot: cut when it is over the cap already, ended by the end
          // of the file, or carried into the next slot.
          if (filled - pos > cap || eof) line(pos, filled);
          if (filled - pos > cap) skipping = !eof;
          else if (!eof) {
            data.copy(carry, 0, pos, filled);
            carryLen = filled - pos;
          }
          pos = filled;
          break;
        }
        line(pos, nl);
        pos = nl + 1;
      }
      if (full) {
        data.copy(carry, 0, pos, filled);
        carryLen = filled - pos;
      }
      const programs = scanner.programs.slice(scanner.handedOver);
      scanner.handedOver = scanner.programs.length;
      Atomics.store(ctrl, k, 1);
      post({ t: 'batch', k, n, entries, programs, bytes });
      k = (k + 1) % slots.length;
      if (eof && carryLen === 0) break;
      if (!blocking) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
  post({ t: 'end', lines, bytes, records, cut, ...(format !== undefined ? { format } : {}) });
}

/** `scanFile`, its failure posted as a message (a read error's code tells the reader's message). */
export async function scanAndPost(
  job: ScanJob,
  post: (m: ScanMessage) => void,
  blocking: boolean,
): Promise<void> {
  try {
    await scanFile(job, post, blocking);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    post({
      t: 'error',
      message: e instanceof Error ? e.message : String(e),
      ...(typeof code === 'string' ? { code } : {}),
    });
  }
}

if (parentPort && (workerData as { scanJob?: ScanJob } | undefined)?.scanJob) {
  const port = parentPort;
  void scanAndPost((workerData as { scanJob: ScanJob }).scanJob, (m) => port.postMessage(m), true);
}
