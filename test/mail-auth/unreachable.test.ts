/**
 * A DNS server that does not answer: each part rejects with ND_DNS_UNREACHABLE (the CLI's exit 2
 * and one line), promptly, instead of hanging or reporting a missing record that may exist.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import { NetdoctorError } from '../../src/core/errors.js';
import { Resolver } from '../../src/dns/resolver.js';
import { auditDkim, auditDmarc, auditSpf } from '../../src/mail/auth/index.js';

test('a silent DNS server: SPF, DKIM and DMARC reject with ND_DNS_UNREACHABLE', async () => {
  // A socket that receives queries and never replies: every query times out.
  const silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  const { port } = silent.address();
  try {
    const resolver = new Resolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 150, retries: 0 });
    const ctx = { resolver, domain: 'example.test', ips: ['192.0.2.10'], selectors: ['s1'] };
    for (const part of [auditSpf, auditDkim, auditDmarc]) {
      await assert.rejects(
        part(ctx),
        (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_DNS_UNREACHABLE',
        part.name,
      );
    }
  } finally {
    silent.close();
  }
});
