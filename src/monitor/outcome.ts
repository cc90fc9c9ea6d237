/** Building blocks the kinds share: a failed connection as a finding, response-time thresholds. */
import { both } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import type { ConnectFailure } from './socket.js';
import type { CheckOptions, CheckOutcome, CheckState, PerfValue } from './types.js';

const REASONS: Record<Exclude<ConnectFailure, 'refused' | 'timeout'>, { en: string; ja: string }> = {
  reset: both('the connection was reset', '接続がリセットされました'),
  closed: both('the server closed the connection without answering', 'サーバーが応答せずに接続を閉じました'),
  unreachable: both('network unreachable', 'ネットワークに到達できません'),
};

export const STAGES = {
  connect: both('no TCP handshake', 'TCP 接続が確立しませんでした'),
  reply: both('no complete reply', '完全な応答がありませんでした'),
};

/** The finding for a connection that failed, worded by how it failed. */
export function connectFinding(
  failure: ConnectFailure,
  target: string,
  options: CheckOptions,
  error?: string,
  connected = false,
): Finding {
  if (failure === 'refused') return finding('monitor.connect.refused', 'fail', { target }, { error });
  if (failure === 'timeout') {
    return finding('monitor.connect.timeout', 'fail', {
      target,
      seconds: options.timeoutMs / 1000,
      stage: connected ? STAGES.reply : STAGES.connect,
    });
  }
  return finding('monitor.connect.failed', 'fail', { target, reason: REASONS[failure], error: error ?? '' });
}

export function failed(f: Finding, perf: PerfValue[] = [], data?: Record<string, unknown>): CheckOutcome {
  return { state: 'critical', findings: [f], perf, ...(data ? { data } : {}) };
}

/** Seconds with microseconds, as the plugins print `time=0.000512s`. */
export function timePerf(ms: number, options: CheckOptions, label = 'time'): PerfValue {
  // Rounded to the microsecond by arithmetic: toFixed is the costliest step of a check's result.
  const p: PerfValue = { label, value: Math.round(ms * 1000) / 1e6, uom: 's', min: 0 };
  if (options.warnMs !== undefined) p.warn = options.warnMs / 1000;
  if (options.critMs !== undefined) p.crit = options.critMs / 1000;
  p.max = options.timeoutMs / 1000;
  return p;
}

/** The state of a response time against the warning and critical limits, with its finding. */
export function timeState(
  ms: number,
  target: string,
  options: CheckOptions,
): { state: CheckState; finding?: Finding } {
  const shown = Math.round(ms);
  if (options.critMs !== undefined && ms > options.critMs)
    return {
      state: 'critical',
      finding: finding('monitor.slow', 'fail', { target, ms: shown, limit: options.critMs }),
    };
  if (options.warnMs !== undefined && ms > options.warnMs)
    return {
      state: 'warning',
      finding: finding('monitor.slow', 'warn', { target, ms: shown, limit: options.warnMs }),
    };
  return { state: 'ok' };
}

export function worseState(a: CheckState, b: CheckState): CheckState {
  const rank: Record<CheckState, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };
  return rank[b] > rank[a] ? b : a;
}

/** A finding severity as a plugin state (the capability verdicts: mail audit, listeners …). */
export function stateOfSeverity(s: Finding['severity']): CheckState {
  return s === 'fail' ? 'critical' : s === 'warn' ? 'warning' : 'ok';
}
