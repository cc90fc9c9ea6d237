/**
 * `dns`: ask each server for the name; expected answers (any order), SERVFAIL, NXDOMAIN and no
 * answer as check_dns judges them (all CRITICAL), and the SOA serial compared across servers
 * (a secondary that stopped transferring).
 */

import { both, isNetdoctorError, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
// The resolver (dns-packet and the transports) is loaded when a dns check first runs.
import { asciiName } from '../../dns/idn.js';
import { LOOKUP_TYPES, type LookupType } from '../../dns/records.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import { timePerf, timeState, worseState } from '../outcome.js';
import type { CheckContext, CheckKind, CheckOptions, CheckOutcome, CheckState, PerfValue } from '../types.js';

function recordType(o: CheckOptions): LookupType {
  const t = (o.recordType ?? 'A').toUpperCase();
  if (!(LOOKUP_TYPES as readonly string[]).includes(t))
    throw usageError(MONITOR_ERRORS.badOption, o.recordType, {
      why: both(
        `not a record type (${LOOKUP_TYPES.join(', ')})`,
        `レコード型ではありません（${LOOKUP_TYPES.join('、')}）`,
      ),
    });
  return t as LookupType;
}

/** `192.0.2.1`, `mx1.example.org.` and `mx1.example.org` compare equal; case is ignored. */
const norm = (s: string) => s.trim().toLowerCase().replace(/\.$/, '');

async function runDns(target: string, o: CheckOptions, ctx: CheckContext): Promise<CheckOutcome> {
  const name = asciiName(target, target);
  const type = recordType(o);
  const servers = o.servers?.length ? o.servers : [undefined];
  const findings: Finding[] = [];
  let state: CheckState = 'ok';
  const perf: PerfValue[] = [];
  const answers: Record<string, string[]> = {};
  const { Resolver } = await import('../../dns/resolver.js');
  await Promise.all(
    servers.map(async (server) => {
      const resolver = server
        ? new Resolver({ servers: [server], timeoutMs: o.timeoutMs, retries: 0 })
        : await ctx.resolver();
      const shown = server ?? resolver.servers.map((s) => s.host).join(',');
      const t0 = performance.now();
      try {
        const a = await resolver.query(name, type);
        const ms = performance.now() - t0;
        perf.push(timePerf(ms, o, servers.length > 1 ? `time_${shown}` : 'time'));
        const texts = a.records.map((r) => r.text);
        answers[shown] = texts;
        if (a.status !== 'ok') {
          state = 'critical';
          findings.push(
            finding('monitor.dns.rcode', 'fail', {
              name,
              type,
              server: shown,
              status: a.status === 'nodata' ? 'NOERROR, no answer' : a.rcode,
            }),
          );
          return;
        }
        if (o.expect?.length) {
          const got = [...new Set(texts.map(norm))].sort();
          const want = [...new Set(o.expect.map(norm))].sort();
          if (got.join('\n') !== want.join('\n')) {
            state = 'critical';
            findings.push(
              finding('monitor.dns.mismatch', 'fail', {
                name,
                type,
                server: shown,
                answers: texts,
                expected: [...o.expect],
              }),
            );
            return;
          }
        }
        const tm = timeState(ms, shown, o);
        state = worseState(state, tm.state);
        if (tm.finding) findings.push(tm.finding);
        findings.push(
          finding('monitor.dns.ok', 'ok', { name, type, server: shown, answers: texts, ms: Math.round(ms) }),
        );
      } catch (e) {
        if (!isNetdoctorError(e) || e.code !== 'ND_DNS_UNREACHABLE') throw e;
        state = 'critical';
        findings.push(finding('monitor.dns.unreachable', 'fail', { name, type, server: shown }));
      }
    }),
  );
  if (o.serialServers?.length) {
    const serials = await Promise.all(
      o.serialServers.map(async (s) => {
        try {
          const a = await new Resolver({ servers: [s], timeoutMs: o.timeoutMs, retries: 0 }).query(
            name,
            'SOA',
          );
          const d = a.records[0]?.data as { serial?: number } | undefined;
          return `${s}=${d?.serial ?? a.rcode}`;
        } catch {
          return `${s}=no answer`;
        }
      }),
    );
    if (new Set(serials.map((x) => x.split('=')[1])).size > 1) {
      state = worseState(state, 'warning');
      findings.push(finding('monitor.dns.serial-drift', 'warn', { zone: name, serials }));
    }
  }
  return {
    state,
    findings: findings.sort((a, b) => (a.severity === 'ok' ? 1 : 0) - (b.severity === 'ok' ? 1 : 0)),
    perf,
    data: { answers },
  };
}

export const dnsCheck: CheckKind = {
  kind: 'dns',
  label: 'DNS',
  validate(target, o) {
    asciiName(target, target);
    recordType(o);
  },
  run: runDns,
};
