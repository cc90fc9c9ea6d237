/**
 * `dnsbl`: is this address listed on the DNS blocklists named in the options? The query is the
 * reversed address under the list's zone (RFC 5782 §2.1); an A answer in 127.0.0.0/8 is a
 * listing, its TXT the reason; NXDOMAIN is "not listed". A list that does not answer leaves the
 * result UNKNOWN, never clean.
 */
import net from 'node:net';
import { both, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { asciiName } from '../../dns/idn.js';
import { arpaName } from '../../dns/ip.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import { worseState } from '../outcome.js';
import type { CheckKind, CheckOptions, CheckState } from '../types.js';

function validate(target: string, o: CheckOptions): void {
  if (!net.isIP(target.trim()))
    throw usageError(MONITOR_ERRORS.badTarget, target, {
      kind: 'dnsbl',
      why: both('not an IP address', 'IP アドレスではありません'),
    });
  if (!o.blocklists?.length)
    throw usageError(MONITOR_ERRORS.badOption, '', {
      why: both(
        'a dnsbl check needs at least one blocklist zone (blocklists)',
        'dnsbl チェックにはブロックリストのゾーン (blocklists) が 1 つ以上必要です',
      ),
    });
}

/** `192.0.2.99` under `zen.example` → `99.2.0.192.zen.example` (RFC 5782; nibbles for IPv6). */
export function dnsblName(ip: string, zone: string): string {
  const arpa = arpaName(ip);
  const reversed = arpa.replace(/\.(in-addr|ip6)\.arpa$/, '');
  return `${reversed}.${asciiName(zone).replace(/\.$/, '')}`;
}

export const dnsblCheck: CheckKind = {
  kind: 'dnsbl',
  label: 'DNSBL',
  validate,
  async run(target, o, ctx) {
    validate(target, o);
    const ip = target.trim();
    const resolver = await ctx.resolver();
    const findings: Finding[] = [];
    let state: CheckState = 'ok';
    let listed = 0;
    const lists = o.blocklists ?? [];
    await Promise.all(
      lists.map(async (list) => {
        const q = dnsblName(ip, list);
        const unanswered = () => {
          state = worseState(state, 'unknown');
          findings.push(finding('monitor.dnsbl.unanswered', 'warn', { ip, list }));
        };
        const a = await resolver.query(q, 'A').catch(() => undefined);
        if (!a || (a.status !== 'ok' && a.status !== 'nxdomain' && a.status !== 'nodata'))
          return unanswered();
        const codes = a.records.map((r) => r.text).filter((t) => t.startsWith('127.'));
        if (codes.length === 0) return;
        const txt = await resolver.query(q, 'TXT').catch(() => undefined);
        const reason = txt?.records.map((r) => r.text).join(' ') ?? '';
        listed++;
        state = 'critical';
        findings.push(
          finding('monitor.dnsbl.listed', 'fail', { ip, list, codes, reason: both(reason, reason) }),
        );
      }),
    );
    if (findings.length === 0)
      findings.push(finding('monitor.dnsbl.clean', 'ok', { ip, count: lists.length }));
    return {
      state,
      findings,
      perf: [{ label: 'listed', value: listed, uom: '', min: 0, max: lists.length, crit: 1 }],
    };
  },
};
