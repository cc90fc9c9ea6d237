/** `tcp`: does the port accept a connection (and greet as expected), and how fast. */
import { finding } from '../../core/findings.js';
import { connectFinding, failed, timePerf, timeState } from '../outcome.js';
import { converse } from '../socket.js';
import { type HostPort, hostPort, showHostPort } from '../target.js';
import type { CheckKind, CheckOptions } from '../types.js';

const NO_READ = { readLines: 0 };
const ONE_LINE = { readLines: 1 };

interface Plan {
  target: string;
  hp: HostPort;
  shown: string;
}
/**
 * The parsed target and its spelling in findings, per check (its options object, which the
 * daemon keeps for as long as the check is configured): parsed once, not at every run.
 */
const plans = new WeakMap<CheckOptions, Plan>();

function planOf(target: string, o: CheckOptions): Plan {
  const known = plans.get(o);
  if (known?.target === target) return known;
  const hp = hostPort(target, 'tcp', o.port);
  const plan = { target, hp, shown: showHostPort(hp) };
  plans.set(o, plan);
  return plan;
}

export const tcpCheck: CheckKind = {
  kind: 'tcp',
  label: 'TCP',
  validate: (target, o) => void hostPort(target, 'tcp', o.port),
  async run(target, o, ctx) {
    const { hp, shown } = planOf(target, o);
    const c = await converse(
      hp.host,
      hp.port,
      ctx.deadline,
      o.expectBanner === undefined ? NO_READ : ONE_LINE,
    );
    const perf = c.connectMs === undefined ? [] : [timePerf(c.connectMs, o)];
    if (c.outcome !== 'ok')
      return failed(connectFinding(c.outcome, shown, o, c.error, c.connectMs !== undefined), perf);
    if (o.expectBanner !== undefined && !(c.lines[0] ?? '').startsWith(o.expectBanner)) {
      const f = finding('monitor.banner.unexpected', 'fail', {
        target: shown,
        got: c.lines[0] ?? '',
        expected: o.expectBanner,
      });
      return failed(f, perf, { greeting: c.lines[0] });
    }
    const ms = c.elapsedMs;
    const t = timeState(ms, shown, o);
    const up = finding('monitor.up', 'ok', { target: shown, ms: Math.round(ms) });
    return {
      state: t.state,
      findings: t.finding ? [t.finding, up] : [up],
      perf,
      data: { connectMs: c.connectMs, greeting: c.lines[0] },
    };
  },
};
