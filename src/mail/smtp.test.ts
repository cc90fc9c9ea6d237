import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SmtpProbeResult } from '../net/smtp-probe.js';
import type { TlsDetails } from '../net/tls-probe.js';
import type { AddressCheck } from './sending-ips.js';
import { type SmtpSession, sessionFindings } from './smtp.js';

// The probe's data (as net/smtp-probe.ts reports it) → the audit's findings. The probe itself is
// tested against real servers in src/net and test/mail-audit; this is the mapping, table style.

const NOW = Date.now();
const DAY = 86_400_000;

function tls(over: Partial<TlsDetails> = {}, days = 60): TlsDetails {
  return {
    outcome: 'ok',
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    checkedName: 'mx.example.test',
    chainVerified: true,
    nameMatches: true,
    handshakeMs: 3,
    certificate: {
      subject: 'CN=mx.example.test',
      subjectCN: 'mx.example.test',
      subjectAltNames: ['mx.example.test'],
      issuer: 'CN=Test CA',
      issuerCN: 'Test CA',
      validFrom: new Date(NOW - DAY).toISOString(),
      validTo: new Date(NOW + days * DAY).toISOString(),
      daysLeft: days,
      expired: days < 0,
      notYetValid: false,
      selfSigned: false,
      serialNumber: '01',
      fingerprint256: 'AA',
    },
    ...over,
  };
}

function session(probe: Partial<SmtpProbeResult>): SmtpSession {
  const base: SmtpProbeResult = {
    host: '192.0.2.25',
    port: 25,
    outcome: 'ok',
    banner: { code: 220, lines: ['mx.example.test ESMTP'], hostname: 'mx.example.test' },
    ehlo: {
      reply: { code: 250, lines: ['mx.example.test', 'STARTTLS'] },
      extended: true,
      capabilities: ['STARTTLS'],
      pipelining: false,
      starttls: true,
      auth: [],
    },
    starttls: { reply: { code: 220, lines: ['ready'] }, tls: tls() },
    transcript: [],
  };
  return { exchange: 'mx.example.test', ip: '192.0.2.25', port: 25, probe: { ...base, ...probe } };
}

const ptr = (name: string): AddressCheck => ({
  ip: '192.0.2.25',
  mxHosts: ['mx.example.test'],
  sending: true,
  arpa: '25.2.0.192.in-addr.arpa',
  ptr: [name],
  forward: [],
  fcrdns: true,
});

describe('SMTP probe results → mail.smtp.* findings', () => {
  const table: [string, SmtpSession, AddressCheck | undefined, string[]][] = [
    ['all good', session({}), ptr('mx.example.test'), ['mail.smtp.ok', 'mail.smtp.starttls-ok']],
    [
      'refused',
      session({ outcome: 'refused', error: 'connect ECONNREFUSED' }),
      undefined,
      ['mail.smtp.port-closed'],
    ],
    ['timeout', session({ outcome: 'timeout', error: 'no reply' }), undefined, ['mail.smtp.timeout']],
    ['554 banner', session({ outcome: 'banner-rejected' }), undefined, ['mail.smtp.banner-rejected']],
    ['garbage', session({ outcome: 'protocol-error' }), undefined, ['mail.smtp.closed']],
    [
      'banner name is not the PTR',
      session({}),
      ptr('host-5.pool.example.net'),
      ['mail.smtp.ok', 'mail.smtp.banner-ptr-mismatch', 'mail.smtp.starttls-ok'],
    ],
    [
      'no STARTTLS',
      session({
        ehlo: {
          reply: { code: 250, lines: ['x'] },
          extended: true,
          capabilities: [],
          pipelining: false,
          starttls: false,
          auth: [],
        },
      }),
      undefined,
      ['mail.smtp.ok', 'mail.smtp.no-starttls'],
    ],
    [
      'STARTTLS refused with 454',
      session({ starttls: { reply: { code: 454, lines: ['TLS not available'] } } }),
      undefined,
      ['mail.smtp.ok', 'mail.smtp.starttls-failed'],
    ],
    [
      'handshake fails',
      session({
        outcome: 'tls-error',
        starttls: {
          reply: { code: 220, lines: [] },
          tls: { outcome: 'tls-error', error: 'wrong version number' },
        },
      }),
      undefined,
      ['mail.smtp.ok', 'mail.smtp.starttls-failed'],
    ],
    [
      'expired certificate',
      session({ starttls: { reply: { code: 220, lines: [] }, tls: tls({ chainVerified: false }, -3) } }),
      undefined,
      ['mail.smtp.ok', 'mail.smtp.starttls-ok', 'mail.smtp.cert-expired'],
    ],
    [
      'expiring, untrusted, wrong name, TLS 1.0',
      session({
        starttls: {
          reply: { code: 220, lines: [] },
          tls: tls(
            { protocol: 'TLSv1', chainVerified: false, verifyError: 'SELF_SIGNED', nameMatches: false },
            5,
          ),
        },
      }),
      undefined,
      [
        'mail.smtp.ok',
        'mail.smtp.starttls-ok',
        'mail.smtp.tls-old',
        'mail.smtp.cert-expiring',
        'mail.smtp.cert-untrusted',
        'mail.smtp.cert-name-mismatch',
      ],
    ],
  ];
  for (const [name, s, address, ids] of table) {
    it(name, () => {
      assert.deepEqual(
        sessionFindings(s, address, 8000).map((f) => f.id),
        ids,
      );
    });
  }
});
