/** `exposure`: ports of a host that must be closed — an open one is CRITICAL (netdoctor's scan, connect only). */
import { both, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { parsePorts } from '../../scan/ports.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import { hostPort } from '../target.js';
import type { CheckKind, CheckOptions } from '../types.js';

function ports(o: CheckOptions): number[] {
  if (!o.closedPorts)
    throw usageError(MONITOR_ERRORS.badOption, '', {
      why: both(
        'an exposure check needs the ports that must be closed (closedPorts)',
        'exposure チェックには閉じているべきポート (closedPorts) が必要です',
      ),
    });
  return parsePorts(o.closedPorts);
}

export const exposureCheck: CheckKind = {
  kind: 'exposure',
  label: 'EXPOSURE',
  validate(target, o) {
    hostPort(target, 'exposure', 1);
    ports(o);
  },
  async run(target, o, ctx) {
    const list = ports(o);
    // The scanner (and its banner probes) is loaded when an exposure check first runs.
    const { scan } = await import('../../scan/index.js');
    const r = await scan({
      targets: [target],
      resolver: await ctx.resolver(),
      ports: list,
      probe: false,
      maxTimeoutMs: Math.min(o.timeoutMs, 2000),
    });
    const open = r.hosts.flatMap((h) =>
      h.ports.filter((p) => p.state === 'open').map((p) => ({ host: h.address, ...p })),
    );
    const findings: Finding[] = open.map((p) =>
      finding('monitor.exposure.open', 'fail', { host: p.host, port: p.port, service: p.service || '?' }),
    );
    if (findings.length === 0)
      findings.push(finding('monitor.exposure.closed', 'ok', { host: target, ports: r.portList }));
    return {
      state: open.length ? 'critical' : 'ok',
      findings,
      perf: [{ label: 'open', value: open.length, uom: '', min: 0, crit: 1 }],
      data: { open: open.map((p) => p.port) },
    };
  },
};
