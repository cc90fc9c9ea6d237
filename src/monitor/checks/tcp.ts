/** `tcp`: does the port accept a connection (and greet as expected), and how fast. */
import { finding } from '../../core/findings.js';
import { connectFinding, failed, timePerf, timeState } from '../outcome.js';
import { converse } from '../socket.js';
import { hostPort, showHostPort } from '../target.js';
import type { CheckKind } from '../types.js';

export const tcpCheck: CheckKind = {
  kind: 'tcp',
  label: 'TCP',
  validate: (target, o) => void hostPort(target, 'tcp', o.port),
  async run(target, o, ctx) {
    const hp = hostPort(target, 'tcp', o.port);
    const shown = showHostPort(hp);
    const c = await converse(hp.host, hp.port, ctx.signal, {
      readLines: o.expectBanner === undefined ? 0 : 1,
    });
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
