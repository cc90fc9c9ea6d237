/**
 * `smtp`: banner, EHLO, STARTTLS with its certificate, and the FCrDNS of the server's address —
 * the project's own SMTP probe (net/smtp-probe.ts), judged as a monitoring check. As check_smtp:
 * a 220 banner is OK, no connection is CRITICAL.
 */
import net from 'node:net';
import { both } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { probeSmtp } from '../../net/smtp-probe.js';
import { connectFinding, failed, timePerf, timeState, worseState } from '../outcome.js';
import { hostPort, showHostPort } from '../target.js';
import type { CheckKind, CheckState } from '../types.js';
import { certificateVerdict } from './certificate.js';

export const smtpCheck: CheckKind = {
  kind: 'smtp',
  label: 'SMTP',
  defaultPort: 25,
  validate: (target, o) => void hostPort(target, 'smtp', o.port, 25),
  async run(target, o, ctx) {
    const hp = hostPort(target, 'smtp', o.port, 25);
    const shown = showHostPort(hp);
    const started = performance.now();
    const r = await probeSmtp({
      host: hp.host,
      port: hp.port,
      timeoutMs: o.timeoutMs,
      startTls: o.startTls !== false,
      ...(o.servername ? { servername: o.servername } : {}),
      ...(o.ca ? { ca: o.ca } : {}),
    });
    const ms = performance.now() - started;
    const perf = [timePerf(ms, o)];
    const data = { banner: r.banner?.lines.join(' '), ehlo: r.ehlo?.capabilities, transcript: r.transcript };
    if (
      r.outcome === 'refused' ||
      r.outcome === 'timeout' ||
      r.outcome === 'closed' ||
      r.outcome === 'unreachable'
    )
      return failed(connectFinding(r.outcome, shown, o, r.error, r.transcript.length > 0), perf, data);
    if (r.outcome === 'banner-rejected' || r.outcome === 'ehlo-rejected') {
      const reply =
        r.banner && r.outcome === 'banner-rejected'
          ? `${r.banner.code} ${r.banner.lines[0] ?? ''}`
          : (r.error ?? '');
      // As check_smtp: a greeting other than 220 is WARNING (the server is up, but refuses).
      if (r.outcome === 'banner-rejected')
        return {
          state: 'warning',
          findings: [finding('monitor.smtp.rejected', 'warn', { target: shown, reply })],
          perf,
          data,
        };
      return failed(finding('monitor.smtp.rejected', 'fail', { target: shown, reply }), perf, data);
    }
    if (r.outcome !== 'ok') {
      const f = finding('monitor.banner.unexpected', 'fail', {
        target: shown,
        got: r.transcript.find((l) => l.startsWith('S:'))?.slice(3) ?? '',
        expected: '220',
      });
      return failed(f, perf, data);
    }
    const findings: Finding[] = [];
    let state: CheckState = 'ok';
    let tlsNote = '';
    if (o.startTls !== false) {
      const t = r.starttls?.tls;
      if (!r.ehlo?.starttls) {
        if (o.startTls === true) {
          state = 'critical';
          findings.push(finding('monitor.starttls.missing', 'fail', { target: shown, protocol: 'SMTP' }));
        }
      } else if (t?.outcome !== 'ok') {
        state = 'critical';
        // The server's words (a refused STARTTLS reply, the handshake error) are the same in every language.
        const why = t
          ? t.error
          : `${r.starttls?.reply?.code ?? ''} ${r.starttls?.reply?.lines[0] ?? ''}`.trim();
        findings.push(finding('monitor.tls.failed', 'fail', { target: shown, reason: both(why, why) }));
      } else {
        tlsNote = `, ${t.protocol}`;
        if (o.ca || o.certWarnDays !== undefined || o.certCritDays !== undefined) {
          const v = certificateVerdict(t, shown, o);
          state = worseState(state, v.state);
          findings.push(...v.findings.filter((f) => f.severity !== 'ok'));
          perf.push(...v.perf);
        }
      }
    }
    if (o.fcrdns === true) {
      const ip = net.isIP(hp.host) ? hp.host : undefined;
      if (ip) {
        const { reverseLookup } = await import('../../dns/reverse.js');
        const rev = await reverseLookup(await ctx.resolver(), ip);
        const bad = rev.findings.filter((f) => f.severity === 'fail' || f.severity === 'warn');
        if (bad.length > 0) {
          state = worseState(state, 'warning');
          findings.push(
            finding(
              'monitor.fcrdns.failed',
              'warn',
              { ip, reason: bad.map((f) => f.id).join(', ') },
              rev.findings,
            ),
          );
        }
      }
    }
    const t = timeState(ms, shown, o);
    state = worseState(state, t.state);
    if (t.finding) findings.push(t.finding);
    findings.push(
      finding('monitor.smtp.ok', 'ok', {
        target: shown,
        banner: `${r.banner?.code ?? ''} ${r.banner?.hostname ?? ''}`.trim(),
        ms: Math.round(ms),
        tls: tlsNote,
      }),
    );
    return { state, findings, perf, data };
  },
};
