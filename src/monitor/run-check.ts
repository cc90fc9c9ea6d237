/**
 * Runs one check under a hard deadline. The kind gets an AbortSignal that fires at the timeout
 * and must stop its sockets on it; should a kind still not settle, the result is CRITICAL at the
 * deadline (plus a small grace) all the same: a check never hangs its caller. An error thrown by
 * a kind for its options is passed on (bad input); anything else is UNKNOWN.
 */
import { both, isNetdoctorError, usageError } from '../core/errors.js';
import { finding } from '../core/findings.js';
import type { Resolver } from '../dns/resolver.js';
import { CHECK_KINDS } from './checks/index.js';
import { MONITOR_ERRORS } from './error-messages.js';
import { connectFinding } from './outcome.js';
import type { AbortLike, CheckContext, CheckKind, CheckOptions, CheckOutcome } from './types.js';

/** Milliseconds past the timeout after which a kind that ignored its signal is abandoned. */
const GRACE_MS = 250;

export function checkKind(kind: string): CheckKind {
  const k = CHECK_KINDS.find((c) => c.kind === kind);
  if (!k) throw usageError(MONITOR_ERRORS.unknownKind, kind, { known: CHECK_KINDS.map((c) => c.kind) });
  return k;
}

export interface CheckResult extends CheckOutcome {
  kind: string;
  target: string;
  /** When it started (ms since the epoch) and how long it took. */
  startedAt: number;
  durationMs: number;
}

/** Validates the kind's target and options; throws a NetdoctorError naming the input. */
export function validateCheck(kind: string, target: string, options: CheckOptions): CheckKind {
  const k = checkKind(kind);
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)
    throw usageError(MONITOR_ERRORS.badOption, String(options.timeoutMs), {
      why: both('the timeout must be a positive number', 'タイムアウトは正の数で指定してください'),
    });
  k.validate?.(target, options);
  return k;
}

/**
 * @example
 *   const r = await runCheck('tcp', '127.0.0.1:22', { timeoutMs: 5000 });
 *   r.state; // 'ok' | 'warning' | 'critical' | 'unknown'
 */
export function runCheck(kind: string, target: string, options: CheckOptions): Promise<CheckResult> {
  try {
    return runValidated(validateCheck(kind, target, options), target, options);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * One run's context: its deadline as the kinds see it (`ctx.signal`, `ctx.deadline`), aborted
 * once, at the timeout, and its resolver. The kinds run thousands of times a minute mostly to
 * settle well before the deadline, so this is one object per run, not an AbortController and a
 * context with closures: the abort listeners are a plain list (the TCP and HTTP exchanges add one
 * and remove it when they settle), and a real AbortSignal is made only for a kind that asks for
 * one (`ctx.signal`: child processes, node:tls, the resolver), aborted with the deadline.
 */
export class RunContext implements CheckContext, AbortLike {
  aborted = false;
  readonly started: number;
  readonly #options: CheckOptions;
  #listeners: (() => void)[] | undefined;
  #controller: AbortController | undefined;
  #resolver: Promise<Resolver> | undefined;

  constructor(started: number, options: CheckOptions) {
    this.started = started;
    this.#options = options;
  }

  get deadline(): AbortLike {
    return this;
  }

  /** An AbortSignal that aborts with the deadline (made on first use). */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.aborted) this.#controller.abort();
    return this.#controller.signal;
  }

  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    if (this.aborted) return;
    this.#listeners ??= [];
    this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.#listeners?.indexOf(listener) ?? -1;
    if (i >= 0) this.#listeners?.splice(i, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    this.#controller?.abort();
    for (const l of listeners) l();
  }

  /** The resolver's modules are loaded by the first kind that asks DNS, not by a TCP or HTTP check. */
  resolver(): Promise<Resolver> {
    const o = this.#options;
    this.#resolver ??= import('../dns/resolver.js').then(
      ({ Resolver }) =>
        new Resolver({
          ...(o.servers?.length ? { servers: o.servers } : {}),
          timeoutMs: Math.max(100, Math.min(o.timeoutMs, 3000)),
          retries: 1,
        }),
    );
    return this.#resolver;
  }
}

/** `runCheck` for a kind whose target and options `validateCheck` already accepted (the daemon). */
export async function runValidated(
  k: CheckKind,
  target: string,
  options: CheckOptions,
): Promise<CheckResult> {
  const kind = k.kind;
  const startedAt = Date.now();
  const t0 = performance.now();
  const ctx = new RunContext(startedAt, options);
  let guard: NodeJS.Timeout | undefined;
  let giveUp: ((o: CheckOutcome) => void) | undefined;
  // One timer per check: at the timeout it aborts, and only then arms the grace period's.
  const timer = setTimeout(() => {
    ctx.abort();
    guard = setTimeout(
      () =>
        giveUp?.({
          state: 'critical',
          findings: [connectFinding('timeout', target, options, undefined, true)],
          perf: [],
        }),
      GRACE_MS,
    );
  }, options.timeoutMs);
  let outcome: CheckOutcome;
  try {
    outcome = await new Promise<CheckOutcome>((resolve, reject) => {
      giveUp = resolve;
      k.run(target, options, ctx).then(resolve, reject);
    });
  } catch (e) {
    if (isNetdoctorError(e) && e.code === 'ND_USAGE') throw e;
    const reason = isNetdoctorError(e) ? e.message : e instanceof Error ? e.message : String(e);
    outcome = {
      state: 'unknown',
      findings: [
        finding('monitor.check.unknown', 'warn', {
          target,
          kind,
          reason: both(reason, isNetdoctorError(e) ? e.sentence('ja') : reason),
        }),
      ],
      perf: [],
    };
  } finally {
    // Not aborted when the check settled: an abort makes an AbortError (a stack trace) per check.
    clearTimeout(timer);
    clearTimeout(guard);
  }
  return {
    kind,
    target,
    startedAt,
    durationMs: performance.now() - t0,
    state: outcome.state,
    findings: outcome.findings,
    perf: outcome.perf,
    ...(outcome.data === undefined ? {} : { data: outcome.data }),
  };
}
