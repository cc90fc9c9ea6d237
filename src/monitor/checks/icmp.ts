/**
 * `icmp`: echo requests through the system's `ping` (iputils; unprivileged through its
 * capabilities or ping_group_range), run with an argument vector — never a shell. A raw socket
 * would need root or CAP_NET_RAW in this process; the system ping already has it.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { NetdoctorError } from '../../core/errors.js';
import { finding } from '../../core/findings.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import { hostPort } from '../target.js';
import type { CheckKind, CheckState } from '../types.js';

/** `3 packets transmitted, 3 received, 0% packet loss` and `rtt min/avg/max/mdev = 0.03/0.04/…`. */
export function parsePing(out: string): { sent: number; received: number; avgMs?: number } {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(out);
  const rtt = /= [\d.]+\/([\d.]+)\/[\d.]+/.exec(out);
  const r: { sent: number; received: number; avgMs?: number } = {
    sent: Number(counts?.[1] ?? 0),
    received: Number(counts?.[2] ?? 0),
  };
  if (rtt) r.avgMs = Number(rtt[1]);
  return r;
}

export const icmpCheck: CheckKind = {
  kind: 'icmp',
  label: 'PING',
  validate: (target) => void hostPort(target, 'icmp', 1),
  run(target, o, ctx) {
    const { host } = hostPort(target, 'icmp', 1);
    const count = o.packets ?? 3;
    const waitS = Math.max(1, Math.floor(o.timeoutMs / 1000 / count));
    const argv = [
      '-n',
      '-c',
      String(count),
      '-i',
      '0.2',
      '-W',
      String(waitS),
      ...(net.isIPv6(host) ? ['-6'] : []),
      '--',
      host,
    ];
    return new Promise((resolve, reject) => {
      execFile(
        'ping',
        argv,
        { signal: ctx.signal, timeout: o.timeoutMs, maxBuffer: 1 << 16 },
        (err, stdout) => {
          if ((err as { code?: unknown } | null)?.code === 'ENOENT')
            return reject(new NetdoctorError('ND_DEPENDENCY', MONITOR_ERRORS.pingMissing, { input: 'ping' }));
          const p = parsePing(String(stdout));
          const sent = p.sent || count;
          const loss = Math.round(((sent - p.received) / sent) * 100);
          const warnLoss = o.warnLoss ?? 20;
          const critLoss = o.critLoss ?? 60;
          let state: CheckState = loss >= critLoss ? 'critical' : loss >= warnLoss ? 'warning' : 'ok';
          const perf = [
            { label: 'pl', value: loss, uom: '%' as const, warn: warnLoss, crit: critLoss, min: 0, max: 100 },
            ...(p.avgMs === undefined ? [] : [{ label: 'rta', value: p.avgMs, uom: 'ms' as const, min: 0 }]),
          ];
          if (p.avgMs !== undefined) {
            if (o.critMs !== undefined && p.avgMs > o.critMs) state = 'critical';
            else if (o.warnMs !== undefined && p.avgMs > o.warnMs && state === 'ok') state = 'warning';
          }
          const params = { target: host, sent, received: p.received, loss, rtt: p.avgMs ?? 0 };
          const findings =
            state === 'ok'
              ? [finding('monitor.icmp.ok', 'ok', params)]
              : [
                  finding('monitor.icmp.loss', state === 'critical' ? 'fail' : 'warn', params),
                  finding('monitor.icmp.ok', 'ok', params),
                ];
          resolve({ state, findings, perf, data: { sent, received: p.received, avgMs: p.avgMs } });
        },
      );
    });
  },
};
