/**
 * A large plain mail log read on two threads: another thread (scan-worker.ts) reads the file and
 * scans its lines from bytes into shared slots — the half of the work that needs no state but the
 * stamp's year — while this thread counts each slot in the summary, in line order, as it comes.
 * Every join of the summary (queue ids, re-injection, reused short ids) happens here, one line
 * after the other, so the result is the one pass's to the byte, whatever the slot boundaries;
 * memory is the ring of slots, however large the file.
 *
 * Used by `readSummary` for plain files of `minBytes` or more (not stdin, .gz or the journal,
 * whose bytes come one stream at a time), when the machine has a second core. When the summary is
 * counted in a worker thread (summary-worker.ts), the file is scanned by the thread that started
 * it (`ScanHost`: the caller's, idle meanwhile), so no third thread's memory is paid for.
 */
import { Worker } from 'node:worker_threads';
import type { FormatState, PlainFileCounts } from '../logs/index.js';
import { FastApply, K_SLOW, kindOf, STRIDE } from './fast-path.js';
import type { ScanJob, ScanMessage } from './scan-worker.js';
import type { MailLogSummary } from './summary.js';

/** The thread that scans for this one: the parent of the summary's worker thread. */
export interface ScanHost {
  postMessage(m: ScanRequest): void;
  on(event: 'message', f: (m: unknown) => void): unknown;
  off(event: 'message', f: (m: unknown) => void): unknown;
}

/** Asks the host to scan (its answers are `ScanMessage`s with the same `id`). */
export interface ScanRequest {
  t: 'scan';
  id: number;
  job: ScanJob;
}

let nextScanId = 1;

export interface PipelineOptions {
  /** Bytes of one slot (default 1 MiB; at least twice the line cap). */
  slotBytes?: number;
  /** Lines of one slot at most (default 12,288). */
  maxLines?: number;
  /** Slots in the ring (default 3). */
  slots?: number;
}

/** The scanning thread's young generation, in MB: it keeps almost nothing. */
const SCAN_YOUNG_GENERATION_MB = 8;

/**
 * Reads the plain file `file` into `summary` on two threads (see the module comment); returns
 * what `readLogs` would have counted of it.
 */
export function readPipelined(
  file: string,
  state: FormatState,
  cap: number,
  summary: MailLogSummary,
  o: PipelineOptions & { onBytes?: (bytes: number) => void; host?: ScanHost } = {},
): Promise<PlainFileCounts> {
  const slotBytes = Math.max(o.slotBytes ?? 1024 * 1024, 2 * cap + 2);
  const maxLines = o.maxLines ?? 12_288;
  const n = o.slots ?? 3;
  const slots = Array.from({ length: n }, () => ({
    data: new SharedArrayBuffer(slotBytes),
    m: new SharedArrayBuffer(maxLines * STRIDE * 4),
    d: new SharedArrayBuffer(maxLines * 2 * 8),
  }));
  const views = slots.map((s) => ({
    data: Buffer.from(s.data),
    m: new Int32Array(s.m),
    d: new Float64Array(s.d),
  }));
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * n));
  const names: string[] = [];
  const fast = new FastApply(summary, names);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const job: ScanJob = {
    file,
    state,
    cap,
    maxLines,
    slots,
    ctrl: ctrl.buffer as SharedArrayBuffer,
    stop: stop.buffer as SharedArrayBuffer,
  };
  const host = o.host;
  const id = nextScanId++;
  let worker: Worker | undefined;
  if (host) host.postMessage({ t: 'scan', id, job });
  else {
    const here = import.meta.url;
    // From the sources (tests run TypeScript through tsx) the worker is a .ts file, else .js.
    const script = new URL(here.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', here);
    worker = new Worker(script, {
      workerData: { scanJob: job },
      resourceLimits: { maxYoungGenerationSizeMb: SCAN_YOUNG_GENERATION_MB },
    });
  }
  return new Promise<PlainFileCounts>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      Atomics.store(stop, 0, 1);
      for (let k = 0; k < n; k++) Atomics.notify(ctrl, k);
      if (host) host.off('message', onHostMessage);
      if (worker) void worker.terminate();
      f();
    };
    const onHostMessage = (m: unknown) => {
      if ((m as { id?: number }).id === id) onMessage(m as ScanMessage);
    };
    const onMessage = (msg: ScanMessage) => {
      if (settled) return;
      if (msg.t === 'batch') {
        try {
          const { data, m, d } = views[msg.k] as (typeof views)[number];
          for (const p of msg.programs) names.push(p);
          const entries = msg.entries;
          for (let i = 0; i < msg.n; i++) {
            if (kindOf(m, i) !== K_SLOW) fast.apply(data, m, d, i);
            else {
              const e = entries[m[i * STRIDE + 1] as number];
              if (e === undefined) continue;
              if ('u' in e) summary.addUnparsed(e.u);
              else summary.add(e);
            }
          }
        } catch (e) {
          settle(() => reject(e));
          return;
        }
        Atomics.store(ctrl, msg.k, 0);
        Atomics.notify(ctrl, msg.k);
        o.onBytes?.(msg.bytes);
      } else if (msg.t === 'end') {
        const { lines, bytes, records, cut, format } = msg;
        settle(() => resolve({ lines, bytes, records, cut, ...(format !== undefined ? { format } : {}) }));
      } else {
        const e = Object.assign(new Error(msg.message), msg.code !== undefined ? { code: msg.code } : {});
        settle(() => reject(e));
      }
    };
    if (host) host.on('message', onHostMessage);
    else if (worker) {
      worker.on('message', onMessage);
      worker.on('error', (e) => settle(() => reject(e)));
      worker.on('exit', (code) =>
        settle(() => reject(new Error(`mail log scan worker exited with status ${code}`))),
      );
    }
  });
}
