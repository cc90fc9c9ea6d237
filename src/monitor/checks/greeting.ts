/**
 * IMAP and POP3 as checks: the greeting (`* OK` / `+OK`), and with the STARTTLS option whether
 * CAPABILITY / CAPA offers it. One function, two protocols; each kind is one file.
 */
import { finding } from '../../core/findings.js';
import { connectFinding, failed, timePerf, timeState } from '../outcome.js';
import { converse } from '../socket.js';
import { hostPort, showHostPort } from '../target.js';
import type { CheckContext, CheckKind, CheckOptions, CheckOutcome } from '../types.js';

interface Protocol {
  kind: string;
  label: string;
  port: number;
  ok: string;
  /** The command that lists capabilities, and the capability naming STARTTLS. */
  capa: string;
  starttls: RegExp;
  /** Lines of the capability reply to read (up to its end marker). */
  capaEnd: RegExp;
}

async function greet(p: Protocol, target: string, o: CheckOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const hp = hostPort(target, p.kind, o.port, p.port);
  const shown = showHostPort(hp);
  const expected = o.expectBanner ?? p.ok;
  const c = await converse(hp.host, hp.port, ctx.deadline, {
    readLines: o.startTls ? 64 : 1,
    until: p.capaEnd,
    send: o.startTls ? [p.capa] : [],
  });
  const perf = c.connectMs === undefined ? [] : [timePerf(c.elapsedMs, o)];
  const greeting = c.lines[0];
  if (greeting === undefined || (c.outcome !== 'ok' && !o.startTls))
    return failed(
      connectFinding(c.outcome === 'ok' ? 'closed' : c.outcome, shown, o, c.error, c.connectMs !== undefined),
      perf,
    );
  if (!greeting.startsWith(expected))
    return failed(
      finding('monitor.banner.unexpected', 'fail', { target: shown, got: greeting, expected }),
      perf,
      { greeting },
    );
  if (o.startTls && !c.lines.slice(1).some((l) => p.starttls.test(l)))
    return failed(finding('monitor.starttls.missing', 'fail', { target: shown, protocol: p.label }), perf, {
      greeting,
      capabilities: c.lines.slice(1),
    });
  const t = timeState(c.elapsedMs, shown, o);
  const ok = finding('monitor.greeting.ok', 'ok', {
    target: shown,
    protocol: p.label,
    greeting,
    ms: Math.round(c.elapsedMs),
  });
  return { state: t.state, findings: t.finding ? [t.finding, ok] : [ok], perf, data: { greeting } };
}

export function greetingKind(p: Protocol): CheckKind {
  return {
    kind: p.kind,
    label: p.label,
    defaultPort: p.port,
    validate: (target, o) => void hostPort(target, p.kind, o.port, p.port),
    run: (target, o, ctx) => greet(p, target, o, ctx),
  };
}
