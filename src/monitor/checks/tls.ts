/** `tls`: the handshake and the certificate (days to expiry, chain, host name) — the failed certbot renewal caught weeks early. */
import { both } from '../../core/errors.js';
import { finding } from '../../core/findings.js';
import { probeTls } from '../../net/tls-probe.js';
import { connectFinding, failed, timePerf } from '../outcome.js';
import { hostPort, showHostPort } from '../target.js';
import type { CheckKind } from '../types.js';
import { certificateVerdict } from './certificate.js';

export const tlsCheck: CheckKind = {
  kind: 'tls',
  label: 'TLS',
  defaultPort: 443,
  validate: (target, o) => void hostPort(target, 'tls', o.port, 443),
  async run(target, o, ctx) {
    const hp = hostPort(target, 'tls', o.port, 443);
    const shown = showHostPort(hp);
    const r = await probeTls({
      host: hp.host,
      port: hp.port,
      timeoutMs: o.timeoutMs,
      signal: ctx.signal,
      ...(o.servername ? { servername: o.servername } : {}),
      ...(o.ca ? { ca: o.ca } : {}),
    });
    if (r.outcome !== 'ok') {
      if (r.outcome === 'tls-error')
        return failed(
          finding('monitor.tls.failed', 'fail', { target: shown, reason: both(r.error, r.error) }),
        );
      return failed(connectFinding(r.outcome, shown, o, r.error));
    }
    const v = certificateVerdict(r, shown, o);
    return {
      state: v.state,
      findings: v.findings,
      perf: [...v.perf, timePerf(r.handshakeMs, o)],
      data: {
        protocol: r.protocol,
        cipher: r.cipher,
        certificate: r.certificate,
        chainVerified: r.chainVerified,
      },
    };
  },
};
