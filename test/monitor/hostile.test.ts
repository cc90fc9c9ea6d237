/**
 * A check never hangs beyond its timeout, whatever the server does: accepts and never answers,
 * answers one byte a second, sends garbage, resets. Every kind that talks to a port is run
 * against each, with a 1.5 s timeout; each must come back CRITICAL (or WARNING for a refusing
 * greeting) within the timeout plus a small margin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../src/monitor/index.js';
import { type Hostile, type Listening, startHostile } from './servers.js';

const KINDS = ['tcp', 'http', 'https', 'tls', 'smtp', 'imap', 'pop3'] as const;
const BEHAVIOURS: Hostile[] = ['silent', 'drip', 'garbage', 'reset'];
const TIMEOUT_MS = 1500;
/** Time past the timeout we tolerate: scheduling on a busy 2-core machine. */
const MARGIN_MS = 700;

describe('a check settles within its timeout against a hostile server', () => {
  const servers = new Map<Hostile, Listening>();
  before(async () => {
    for (const b of BEHAVIOURS) servers.set(b, await startHostile('127.61.1.1', b));
  });
  after(async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()));
  });
  for (const behaviour of BEHAVIOURS) {
    test(behaviour, async () => {
      const s = servers.get(behaviour) as Listening;
      const results = await Promise.all(
        KINDS.map(async (kind) => {
          const t0 = performance.now();
          const r = await runCheck(kind, `127.61.1.1:${s.port}`, {
            timeoutMs: TIMEOUT_MS,
            expectBanner: kind === 'tcp' ? 'SSH-' : undefined,
          } as never);
          return { kind, r, ms: performance.now() - t0 };
        }),
      );
      for (const { kind, r, ms } of results) {
        assert.ok(ms < TIMEOUT_MS + MARGIN_MS, `${kind} vs ${behaviour} took ${Math.round(ms)} ms`);
        assert.ok(
          r.state === 'critical' || r.state === 'warning',
          `${kind} vs ${behaviour}: ${r.state} ${JSON.stringify(r.findings[0])}`,
        );
      }
    });
  }
});
