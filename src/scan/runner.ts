/**
 * Runs the connect scanner (`engine.ts`) on this thread or split over worker threads, and sizes
 * its window from the process's file-descriptor limit.
 *
 * Big scans (65,535 ports) spend most of their time in the kernel's connect/close path; two
 * threads each with its own event loop finish a loopback `-p all` in about half the time. The
 * engine's source is handed to each worker as text, so this works the same from TypeScript (tsx)
 * and from the built JavaScript.
 */
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ConnectMessage, type ConnectPlan, type ConnectStats, connectScan } from './engine.js';

export interface RunOptions {
  addresses: string[];
  ports: number[];
  /** Threads to use; default: 2 when a second core is idle and the scan has ≥ 8,192 attempts, else 1. */
  threads?: number;
  initialTimeoutMs: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  retries: number;
  /** Connection attempts per second over all threads; 0 = no cap. */
  rate: number;
  /** Most connections in flight over all threads (further capped by the descriptor limit). */
  maxParallel: number;
  onProgress?: (done: number, total: number) => void;
  seed?: number;
  /** `net` runs on the public `net.connect` only (see engine.ts); default: libuv's handles when reachable. */
  engine?: 'tcp_wrap' | 'net';
}

export interface RunResult {
  states: Uint8Array;
  reasons: Uint8Array;
  rttUs: Uint32Array;
  stats: ConnectStats[];
  threads: number;
  /** The descriptor limit seen (soft `Max open files`), when /proc says. */
  fdLimit?: number;
}

/** Descriptors kept free for everything else (the resolver, probes, stdout, workers). */
const FD_RESERVE = 64;

/** The soft `Max open files` of this process, from /proc/self/limits (Linux). */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return undefined;
    return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** Descriptors open right now (entries of /proc/self/fd). */
function openFileCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

const WORKER_PRELUDE =
  "var __name = (f) => f; const { parentPort, workerData } = require('node:worker_threads'); const net = require('node:net');";

const IDLE_SAMPLE_MS = 60;

/** How many CPUs' worth of time went idle over the next `ms` milliseconds (from os.cpus() times). */
async function idleCpus(ms: number): Promise<number> {
  const sum = (t: os.CpuInfo['times']) => t.user + t.nice + t.sys + t.idle + t.irq;
  const before = os.cpus();
  await new Promise((r) => setTimeout(r, ms));
  const after = os.cpus();
  let idle = 0;
  let total = 0;
  after.forEach((c, i) => {
    const b = before[i];
    if (!b) return;
    idle += c.times.idle - b.times.idle;
    total += sum(c.times) - sum(b.times);
  });
  return total > 0 ? (idle / total) * after.length : 0;
}

export async function runConnectScan(o: RunOptions): Promise<RunResult> {
  const total = o.addresses.length * o.ports.length;
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  // A second thread pays only when a second core is idle: on a busy machine the two threads
  // contend for the same core and the scan gets slower, not faster (measured: 3.1 s vs 4.6 s).
  // Idleness is measured now, over a short window: the load average lags by a minute.
  const big = total >= 8192 && o.threads === undefined;
  const idleCore = big && cpus > 1 && (await idleCpus(IDLE_SAMPLE_MS)) >= 0.8;
  const threads = Math.max(1, Math.min(o.threads ?? (idleCore ? 2 : 1), 8, total || 1));
  const fdLimit = openFileLimit();
  const free = fdLimit === undefined ? 1024 : Math.max(8, fdLimit - openFileCount() - FD_RESERVE);
  const maxParallel = Math.max(threads, Math.min(o.maxParallel, free));
  const perThread = Math.max(1, Math.floor(maxParallel / threads));
  const errno = { ...os.constants.errno } as Record<string, number>;
  const seed = o.seed ?? (Math.random() * 0xffffffff) >>> 0;
  const plans: ConnectPlan[] = Array.from({ length: threads }, (_, share) => ({
    addresses: o.addresses,
    ports: o.ports,
    share,
    shares: threads,
    initialTimeoutMs: o.initialTimeoutMs,
    minTimeoutMs: o.minTimeoutMs,
    maxTimeoutMs: o.maxTimeoutMs,
    retries: o.retries,
    rate: o.rate > 0 ? o.rate / threads : 0,
    // Small to start: on loopback and LANs answers come at once and fewer sockets in flight cost
    // less CPU (measured); the engine widens it while ports time out.
    window: Math.min(perThread, 32),
    maxWindow: perThread,
    seed: (seed + share * 0x9e3779b9) >>> 0,
    errno,
    ...(o.engine ? { engine: o.engine } : {}),
  }));
  const progress = new Array<number>(threads).fill(0);
  const totals = plans.map((p) => Math.ceil((total - p.share) / p.shares));
  const report = (share: number, done: number) => {
    progress[share] = done;
    o.onProgress?.(
      progress.reduce((a, b) => a + b, 0),
      totals.reduce((a, b) => a + b, 0),
    );
  };
  const runOne = (plan: ConnectPlan): Promise<Extract<ConnectMessage, { type: 'done' }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: ConnectMessage) => {
        if (m.type === 'progress') report(plan.share, m.done);
        else resolve(m);
      };
      if (threads === 1) {
        connectScan(plan, onMessage, net);
        return;
      }
      const source = `${WORKER_PRELUDE}(${connectScan.toString()})(workerData, (m) => parentPort.postMessage(m), net);`;
      const worker = new Worker(source, { eval: true, workerData: plan, execArgv: [] });
      worker.on('message', (m: ConnectMessage) => {
        onMessage(m);
        if (m.type === 'done') void worker.terminate();
      });
      worker.on('error', reject);
    });
  const parts = await Promise.all(plans.map(runOne));
  const states = new Uint8Array(total);
  const reasons = new Uint8Array(total);
  const rttUs = new Uint32Array(total);
  for (const p of parts) {
    for (let j = 0; j < total; j++) {
      if (p.states[j] !== 0) {
        states[j] = p.states[j] as number;
        reasons[j] = p.reasons[j] as number;
        rttUs[j] = p.rttUs[j] as number;
      }
    }
  }
  const result: RunResult = { states, reasons, rttUs, stats: parts.map((p) => p.stats), threads };
  if (fdLimit !== undefined) result.fdLimit = fdLimit;
  return result;
}
