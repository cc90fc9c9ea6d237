/**
 * The TCP connect scanner's inner loop: open a connection to every (address, port), classify the
 * answer, and learn how long to wait from the ports that do answer.
 *
 * Hand-written because no npm package does an adaptive connect scan (the ones that exist loop over
 * `net.connect` with a fixed timeout: ~2 s for 65,535 loopback ports, minutes against a firewall
 * that drops). What makes this one fast:
 *  - it drives libuv's TCP handles directly (`tcp_wrap`, the handle under `net.Socket`), one
 *    handle and one request object per attempt and no stream machinery. That handle is reached
 *    through `process.binding`, deprecated (DEP0111, documentation-only so far) and possibly gone
 *    one day: then, or when the plan asks for it (`engine: 'net'`), the same loop runs on the
 *    public `net.connect`, which gives the same answers (src/scan/engine.test.ts runs both);
 *  - the per-connect timeout is learned like TCP's (RFC 6298: SRTT + 4·RTTVAR) from the
 *    round-trip times of ports that answer (SYN-ACK or RST), clamped to [min, max] as nmap's
 *    `--min/max-rtt-timeout`; ports are probed in a random order so answers come early;
 *  - the window of connections in flight grows while ports time out (they hold slots without
 *    costing anything) and shrinks when the process runs out of file descriptors (EMFILE, ENFILE)
 *    or ephemeral ports: such an attempt is put back, never counted as a result;
 *  - it is one self-contained function so that it can also run in worker threads (its source is
 *    handed to `new Worker(…, { eval: true })`): keep it free of imports and outer references.
 */
import type net from 'node:net';

export const STATE = { pending: 0, open: 1, closed: 2, filtered: 3 } as const;
/** Why a port got its state, in nmap's words (`<state reason="…">`). */
export const REASONS = [
  '',
  'syn-ack',
  'conn-refused',
  'no-response',
  'host-unreach',
  'admin-prohibited',
  'error',
];

export interface ConnectPlan {
  /** Literal IP addresses (IPv4 or IPv6). */
  addresses: string[];
  ports: number[];
  /** This runner scans the jobs `j` with `j % shares === share` (job = address × ports + port index). */
  share: number;
  shares: number;
  initialTimeoutMs: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** More attempts after a timeout before a port counts as filtered. */
  retries: number;
  /** Connection attempts per second for this runner; 0 = no cap. */
  rate: number;
  /** Connections in flight to start with, and the most ever (from the file-descriptor limit). */
  window: number;
  maxWindow: number;
  seed: number;
  /** `os.constants.errno`, so that the function itself needs no import. */
  errno: Record<string, number>;
  /**
   * `tcp_wrap` (default): libuv's handles when `process.binding('tcp_wrap')` is there, else
   * `net.connect`; `net`: always `net.connect`.
   */
  engine?: 'tcp_wrap' | 'net';
}

export interface ConnectStats {
  attempts: number;
  timeouts: number;
  /** Times the window shrank because descriptors or local ports ran out. */
  fdBackoffs: number;
  maxInFlight: number;
  /** The per-connect timeout at the end, per address (ms). */
  timeoutMs: number[];
  window: number;
  engine: 'tcp_wrap' | 'net';
}

export type ConnectMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; states: Uint8Array; reasons: Uint8Array; rttUs: Uint32Array; stats: ConnectStats };

interface Attempt {
  job: number;
  start: number;
  live: boolean;
  handle:
    | { close(): void; destroy?(): void; getsockname?(out: { address?: string; port?: number }): number }
    | undefined;
  oncomplete?: (status: number) => void;
}

/** Runs one share of the plan; reports through `post` (progress now and then, then `done`). */
export function connectScan(
  plan: ConnectPlan,
  post: (m: ConnectMessage) => void,
  netModule: typeof net,
): void {
  type Binding = {
    TCP: new (
      type: number,
    ) => {
      connect(req: unknown, a: string, p: number): number;
      connect6(req: unknown, a: string, p: number): number;
      close(): void;
      getsockname(out: { address?: string; port?: number }): number;
    };
    TCPConnectWrap: new () => Attempt;
    constants: { SOCKET: number };
  };
  let binding: Binding | undefined;
  if (plan.engine !== 'net') {
    try {
      binding = (process as unknown as { binding(n: string): Binding }).binding('tcp_wrap');
    } catch {
      binding = undefined; // removed, or refused (--throw-deprecation): the net.connect path
    }
  }
  const { addresses, ports } = plan;
  const nports = ports.length;
  const total = addresses.length * nports;
  const states = new Uint8Array(total);
  const reasons = new Uint8Array(total);
  const rttUs = new Uint32Array(total);
  const tries = new Uint8Array(total);
  const v6 = addresses.map((a) => a.includes(':'));
  const errName: Record<number, string> = {};
  for (const [name, n] of Object.entries(plan.errno)) errName[n] = name;

  // This share's jobs in a random order (seeded xorshift, Fisher–Yates).
  const mine: number[] = [];
  for (let j = plan.share; j < total; j += plan.shares) mine.push(j);
  let seed = plan.seed >>> 0 || 1;
  for (let i = mine.length - 1; i > 0; i--) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const k = (seed >>> 0) % (i + 1);
    const t = mine[i] as number;
    mine[i] = mine[k] as number;
    mine[k] = t;
  }
  let next = 0;
  const again: number[] = [];
  let againHead = 0;

  // RFC 6298 estimator per address, in milliseconds.
  const srtt = new Float64Array(addresses.length);
  const rttvar = new Float64Array(addresses.length);
  const samples = new Uint32Array(addresses.length);
  const timeoutFor = (a: number): number => {
    if (samples[a] === 0) return plan.initialTimeoutMs;
    const t = (srtt[a] as number) + 4 * (rttvar[a] as number);
    return Math.min(plan.maxTimeoutMs, Math.max(plan.minTimeoutMs, t));
  };
  const sample = (a: number, ms: number) => {
    if (samples[a] === 0) {
      srtt[a] = ms;
      rttvar[a] = ms / 2;
    } else {
      rttvar[a] = 0.75 * (rttvar[a] as number) + 0.25 * Math.abs((srtt[a] as number) - ms);
      srtt[a] = 0.875 * (srtt[a] as number) + 0.125 * ms;
    }
    samples[a] = (samples[a] as number) + 1;
  };

  const stats: ConnectStats = {
    attempts: 0,
    timeouts: 0,
    fdBackoffs: 0,
    maxInFlight: 0,
    timeoutMs: [],
    window: plan.window,
    engine: binding ? 'tcp_wrap' : 'net',
  };
  let window = plan.window;
  let maxWindow = plan.maxWindow;
  let inflight = 0;
  let done = 0;
  let finished = false;
  const fifo: Attempt[] = [];
  let fifoHead = 0;
  const started = performance.now();
  let lastProgress = started;
  let pumpTimer: ReturnType<typeof setTimeout> | undefined;
  let blocked = false;
  /** Retries finished, and how many of them got an answer (evidence of packet loss). */
  let retryOutcomes = 0;
  let retryAnswers = 0;
  const RETRY_EVIDENCE = 128;

  const settle = (job: number, state: number, reason: number) => {
    states[job] = state;
    reasons[job] = reason;
    done++;
  };

  const outOfResources = (name: string) =>
    name === 'EMFILE' ||
    name === 'ENFILE' ||
    name === 'ENOBUFS' ||
    name === 'EADDRNOTAVAIL' ||
    name === 'EAGAIN';

  const backOff = (job: number) => {
    // Out of descriptors or local ports: put the attempt back and hold fewer connections open.
    stats.fdBackoffs++;
    again.push(job);
    // Launch nothing more until a connection finishes (or, with none in flight, a moment passes).
    blocked = true;
    maxWindow = Math.max(4, Math.min(maxWindow, Math.floor(inflight * 0.9)));
    window = Math.min(window, maxWindow);
    if (inflight === 0) schedulePump(20);
  };

  const complete = (at: Attempt, err: string) => {
    if (!at.live) return;
    if (err === 'ETIMEDOUT') {
      expireOne(at);
      pump();
      return;
    }
    at.live = false;
    inflight--;
    const job = at.job;
    const a = (job / nports) | 0;
    // TCP self-connect: a connect from 127.0.0.1:P to 127.0.0.1:P, where nothing listens, can meet
    // itself (simultaneous open) when the kernel picks P as the source port. That is no listener.
    if (err === '' && isSelfConnect(at, addresses[a] as string, ports[job % nports] as number))
      err = 'ECONNREFUSED';
    at.handle?.close();
    const ms = performance.now() - at.start;
    if (tries[job] !== 0 && !outOfResources(err)) {
      retryOutcomes++;
      retryAnswers++;
    }
    if (err === '' || err === 'ECONNREFUSED') {
      sample(a, ms);
      rttUs[job] = Math.min(0xffffffff, Math.round(ms * 1000));
      settle(job, err === '' ? 1 : 2, err === '' ? 1 : 2);
    } else if (err === 'EHOSTUNREACH' || err === 'ENETUNREACH') {
      sample(a, ms);
      settle(job, 3, 4);
    } else if (err === 'EACCES' || err === 'EPERM') settle(job, 3, 5);
    else if (outOfResources(err)) backOff(job);
    else settle(job, 3, 6);
    if (maxWindow < plan.maxWindow && (done & 63) === 0) maxWindow++;
    if (!outOfResources(err)) blocked = false;
    pump();
  };

  const isSelfConnect = (at: Attempt, address: string, port: number): boolean => {
    const local: { address?: string; port?: number } = {};
    if (at.handle?.getsockname?.(local) !== 0) return false;
    return local.port === port && local.address === address;
  };

  const onComplete = function (this: Attempt, status: number) {
    complete(this, status === 0 ? '' : (errName[-status] ?? `E${-status}`));
  };

  const launch = (job: number): void => {
    const a = (job / nports) | 0;
    const address = addresses[a] as string;
    const port = ports[job % nports] as number;
    stats.attempts++;
    let at: Attempt;
    if (binding) {
      const handle = new binding.TCP(binding.constants.SOCKET);
      at = new binding.TCPConnectWrap();
      at.job = job;
      at.start = performance.now();
      at.live = true;
      at.handle = handle;
      at.oncomplete = onComplete;
      const err = v6[a] ? handle.connect6(at, address, port) : handle.connect(at, address, port);
      if (err !== 0) {
        handle.close();
        const name = errName[-err] ?? `E${-err}`;
        if (outOfResources(name)) backOff(job);
        else settle(job, 3, name === 'EACCES' || name === 'EPERM' ? 5 : name.endsWith('UNREACH') ? 4 : 6);
        return;
      }
    } else {
      const socket = netModule.connect({ host: address, port });
      const s: Attempt = {
        job,
        start: performance.now(),
        live: true,
        handle: {
          close: () => socket.destroy(),
          getsockname: (out) => {
            out.address = socket.localAddress;
            out.port = socket.localPort;
            return socket.localPort === undefined ? -1 : 0;
          },
        },
      };
      at = s;
      socket.once('connect', () => complete(s, ''));
      socket.once('error', (e: Error & { code?: string }) => complete(s, e.code ?? 'EIO'));
    }
    inflight++;
    if (inflight > stats.maxInFlight) stats.maxInFlight = inflight;
    fifo.push(at);
  };

  const expireOne = (at: Attempt) => {
    at.live = false;
    inflight--;
    at.handle?.close();
    stats.timeouts++;
    blocked = false; // a descriptor was freed
    const job = at.job;
    if (tries[job] !== 0) retryOutcomes++;
    tries[job] = (tries[job] as number) + 1;
    // Retries find ports whose SYN or answer was lost. When many retries have found nothing, the
    // host drops rather than loses (a firewall): further timeouts are final, as the answer to them
    // would be the same — this halves the time of a scan behind a dropping firewall.
    const lossSeen = retryAnswers > 0 || retryOutcomes < RETRY_EVIDENCE;
    if ((tries[job] as number) <= plan.retries && lossSeen) again.push(job);
    else settle(job, 3, 3);
    // A port that never answers holds a slot for a whole timeout: hold more of them.
    if (window < maxWindow) window = Math.min(maxWindow, window + 2);
  };

  // Timeouts are judged after the poll phase (setImmediate), so an answer already waiting in the
  // kernel while the loop was busy is read before its attempt is declared timed out.
  let expiryQueued = false;
  const expire = () => {
    expiryQueued = false;
    const now = performance.now();
    while (fifoHead < fifo.length) {
      const at = fifo[fifoHead] as Attempt;
      if (at.live) {
        if (now - at.start <= timeoutFor((at.job / nports) | 0)) break;
        expireOne(at);
      }
      fifoHead++;
    }
    if (fifoHead > 4096 && fifoHead * 2 > fifo.length) {
      fifo.splice(0, fifoHead);
      fifoHead = 0;
    }
    if (now - lastProgress > 200) {
      lastProgress = now;
      post({ type: 'progress', done, total: mine.length });
    }
    pump();
  };
  const ticker = setInterval(() => {
    if (!expiryQueued) {
      expiryQueued = true;
      setImmediate(expire);
    }
  }, 5);

  function schedulePump(ms: number) {
    if (pumpTimer) return;
    pumpTimer = setTimeout(() => {
      pumpTimer = undefined;
      blocked = false;
      pump();
    }, ms);
  }

  function pump() {
    if (finished) return;
    while (inflight < window && !blocked) {
      const hasAgain = againHead < again.length;
      if (!hasAgain && next >= mine.length) break;
      if (plan.rate > 0) {
        const allowed = ((performance.now() - started) * plan.rate) / 1000 + Math.min(plan.rate, 32);
        if (stats.attempts >= allowed) {
          schedulePump(Math.max(1, Math.ceil(((stats.attempts - allowed + 1) * 1000) / plan.rate)));
          return;
        }
      }
      const job = hasAgain ? (again[againHead++] as number) : (mine[next++] as number);
      launch(job);
    }
    if (againHead > 1024 && againHead === again.length) {
      again.length = 0;
      againHead = 0;
    }
    if (inflight === 0 && againHead >= again.length && next >= mine.length && done >= mine.length) {
      finished = true;
      clearInterval(ticker);
      if (pumpTimer) clearTimeout(pumpTimer);
      stats.window = window;
      stats.timeoutMs = addresses.map((_, a) => Math.round(timeoutFor(a)));
      post({ type: 'progress', done, total: mine.length });
      post({ type: 'done', states, reasons, rttUs, stats });
    }
  }

  pump();
}
