/** The scan's checks as a table: what a probe saw → the finding ids it must produce. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TlsDetails } from '../net/tls-probe.js';
import type { ServiceInfo } from './banners/index.js';
import { type PortContext, portFindings } from './checks.js';

const DAY = 86_400_000;
const now = Date.now();

function tls(o: Partial<TlsDetails> & { days?: number; selfSigned?: boolean } = {}): TlsDetails {
  const days = o.days ?? 200;
  const validTo = new Date(now + days * DAY + 3600_000).toISOString();
  return {
    outcome: 'ok',
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    checkedName: 'www.example.org',
    chainVerified: true,
    nameMatches: true,
    handshakeMs: 3,
    certificate: {
      subject: 'CN=www.example.org',
      subjectCN: 'www.example.org',
      subjectAltNames: ['www.example.org'],
      issuer: o.selfSigned ? 'CN=www.example.org' : "CN=R11, O=Let's Encrypt",
      validFrom: new Date(now - 10 * DAY).toISOString(),
      validTo,
      daysLeft: Math.floor((Date.parse(validTo) - now) / DAY),
      expired: days < 0,
      notYetValid: false,
      selfSigned: o.selfSigned ?? false,
      serialNumber: '01',
      fingerprint256: 'AA',
    },
    ...o,
  };
}

const cases: [string, PortContext, ServiceInfo, string[]][] = [
  [
    'a quiet web server',
    { address: '192.0.2.1', port: 80 },
    { service: 'http', http: { status: 200, statusText: 'OK', headers: {}, revealing: [] } },
    [],
  ],
  [
    'PHP behind Apache',
    { address: '192.0.2.1', port: 80 },
    {
      service: 'http',
      http: { status: 200, statusText: 'OK', headers: {}, revealing: [['X-Powered-By', 'PHP/7.3.10']] },
    },
    ['scan.http.version-disclosure'],
  ],
  [
    'a good certificate',
    { address: '192.0.2.1', port: 443, name: 'www.example.org' },
    { service: 'https', tls: tls() },
    [],
  ],
  [
    'an expired certificate',
    { address: '192.0.2.1', port: 443 },
    { service: 'https', tls: tls({ days: -3, chainVerified: false }) },
    ['scan.tls.cert-expired'],
  ],
  [
    'a certificate expiring in 10 days',
    { address: '192.0.2.1', port: 443 },
    { service: 'https', tls: tls({ days: 10 }) },
    ['scan.tls.cert-expiring'],
  ],
  [
    'a certificate with 30 days left',
    { address: '192.0.2.1', port: 443 },
    { service: 'https', tls: tls({ days: 30 }) },
    [],
  ],
  [
    'a self-signed certificate',
    { address: '192.0.2.1', port: 993 },
    { service: 'imaps', tls: tls({ selfSigned: true, chainVerified: false }) },
    ['scan.tls.cert-self-signed'],
  ],
  [
    'a missing intermediate',
    { address: '192.0.2.1', port: 443 },
    { service: 'https', tls: tls({ chainVerified: false, verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }) },
    ['scan.tls.cert-untrusted'],
  ],
  [
    'another name',
    { address: '192.0.2.1', port: 443, name: 'shop.example.org' },
    { service: 'https', tls: tls({ nameMatches: false }) },
    ['scan.tls.name-mismatch'],
  ],
  [
    'a name mismatch is not judged for a bare address',
    { address: '192.0.2.1', port: 443 },
    { service: 'https', tls: tls({ nameMatches: false }) },
    [],
  ],
  [
    'TLS 1.0',
    { address: '192.0.2.1', port: 443 },
    { service: 'https', tls: tls({ protocol: 'TLSv1' }) },
    ['scan.tls.old-protocol'],
  ],
  [
    'telnet',
    { address: '192.0.2.1', port: 23 },
    { service: 'telnet', banner: 'Debian GNU/Linux 12' },
    ['scan.service.cleartext-auth'],
  ],
  ['FTP with AUTH TLS', { address: '192.0.2.1', port: 21 }, { service: 'ftp', starttls: true }, []],
  ['IMAP with STARTTLS', { address: '192.0.2.1', port: 143 }, { service: 'imap', starttls: true }, []],
  [
    'POP3 without STLS',
    { address: '192.0.2.1', port: 110 },
    { service: 'pop3', starttls: false },
    ['scan.service.cleartext-auth'],
  ],
  [
    'SMTP without STARTTLS',
    { address: '192.0.2.1', port: 25 },
    {
      service: 'smtp',
      smtp: {
        host: '',
        port: 25,
        outcome: 'ok',
        transcript: [],
        ehlo: {
          reply: { code: 250, lines: [] },
          extended: true,
          capabilities: [],
          pipelining: false,
          starttls: false,
          auth: [],
        },
      },
    },
    ['scan.smtp.no-starttls'],
  ],
  [
    'SMTP whose STARTTLS is refused',
    { address: '192.0.2.1', port: 25 },
    {
      service: 'smtp',
      smtp: {
        host: '',
        port: 25,
        outcome: 'ok',
        transcript: [],
        ehlo: {
          reply: { code: 250, lines: [] },
          extended: true,
          capabilities: ['STARTTLS'],
          pipelining: false,
          starttls: true,
          auth: [],
        },
        starttls: { reply: { code: 454, lines: ['4.7.0 TLS not available'] } },
      },
    },
    ['scan.smtp.starttls-failed'],
  ],
  [
    'BIND telling its version',
    { address: '192.0.2.53', port: 53 },
    { service: 'domain', dns: [{ transport: 'udp', rcode: 'NOERROR', version: '9.18.28-1~deb12u2-Debian' }] },
    ['scan.dns.version-disclosure'],
  ],
  [
    'BIND with version "none"',
    { address: '192.0.2.53', port: 53 },
    { service: 'domain', dns: [{ transport: 'udp', rcode: 'REFUSED' }] },
    [],
  ],
];

describe('scan checks', () => {
  for (const [name, port, info, ids] of cases) {
    it(name, () =>
      assert.deepEqual(
        portFindings(port, info).map((f) => f.id),
        ids,
      ),
    );
  }
});
