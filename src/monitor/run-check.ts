/**
 * Runs one check under a hard deadline. The kind gets an AbortSignal that fires at the timeout
 * and must stop its sockets on it; should a kind still not settle, the result is CRITICAL at the
 * deadline (plus a small grace) all the same: a check never hangs its caller. An error thrown by
 * a kind for its options is passed on (bad input); anything else is UNKNOWN.
 */
import { both, isNetdoctorError, usageError } from '../core/errors.js';
import { finding } from '../core/findings.js';
import { Resolver } from '../dns/index.js';
import { CHECK_KINDS } from './checks/index.js';
import { MONITOR_ERRORS } from './error-messages.js';
import { connectFinding } from './outcome.js';
import type { CheckKind, CheckOptions, CheckOutcome } from './types.js';

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

/** `runCheck` for a kind whose target and options `validateCheck` already accepted (the daemon). */
export async function runValidated(
  k: CheckKind,
  target: string,
  options: CheckOptions,
): Promise<CheckResult> {
  const kind = k.kind;
  const startedAt = Date.now();
  const t0 = performance.now();
  const controller = new AbortController();
  let guard: NodeJS.Timeout | undefined;
  let giveUp: ((o: CheckOutcome) => void) | undefined;
  // One timer per check: at the timeout it aborts, and only then arms the grace period's.
  const timer = setTimeout(() => {
    controller.abort();
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
  let resolver: Resolver | undefined;
  const ctx = {
    signal: controller.signal,
    started: startedAt,
    resolver: () => {
      resolver ??= new Resolver({
        ...(options.servers?.length ? { servers: options.servers } : {}),
        timeoutMs: Math.max(100, Math.min(options.timeoutMs, 3000)),
        retries: 1,
      });
      return resolver;
    },
  };
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
  return { kind, target, startedAt, durationMs: performance.now() - t0, ...outcome };
}
