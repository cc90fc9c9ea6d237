/**
 * What a LOG prefix says about the rule that logged: firewalld's LogDenied prefixes name the zone
 * or policy and what was done, ufw's name its action, anything else is the admin's own text.
 *
 * firewalld (src/firewall/core/nftables.py and ipXtables.py, LogDenied ≠ off):
 * - `filter_{IN|FWD|OUT}_{zone}_{REJECT|DROP}: ` before a zone's final reject/drop
 *   (`SHORTCUTS`: INPUT→IN, FORWARD→FWD, OUTPUT→OUT),
 * - `filter_{policy chain}_{REJECT|DROP}: ` before a policy's target (the chain is `policy_NAME`),
 * - `STATE_INVALID_DROP: ` for conntrack state INVALID, `FINAL_REJECT: ` for the catch-all reject
 *   at the end of INPUT/FORWARD (iptables backend, and nftables before zones had their own).
 * ufw (src/backend_iptables.py): `[UFW BLOCK] `, `[UFW ALLOW] `, `[UFW AUDIT] `,
 * `[UFW AUDIT INVALID] `, `[UFW LIMIT BLOCK] `; below loglevel "high" its LOG rules carry
 * `-m limit --limit 3/min --limit-burst 10`, so what it logs is a sample.
 */

export type PrefixSource = 'firewalld' | 'ufw' | 'custom' | 'none';

export interface PrefixMeaning {
  source: PrefixSource;
  /** INPUT, FORWARD or OUTPUT, when the prefix says. */
  chain?: string;
  zone?: string;
  policy?: string;
  /** REJECT, DROP, BLOCK, ALLOW, AUDIT, … when the prefix says. */
  action?: string;
}

const FIREWALLD_ZONE = /^filter_(IN|FWD|OUT)_(.{1,64})_(REJECT|DROP|ACCEPT)$/;
const FIREWALLD_POLICY = /^filter_policy_(.{1,64})_(REJECT|DROP|ACCEPT)$/;
const UFW = /^\[UFW ([A-Z ]{2,30})\]$/;
const CHAIN: Record<string, string> = { IN: 'INPUT', FWD: 'FORWARD', OUT: 'OUTPUT' };

/** Reads a prefix (as logged, trailing space and colon included). */
export function prefixMeaning(prefix: string): PrefixMeaning {
  const p = prefix.trim().replace(/:$/, '');
  if (p === '') return { source: 'none' };
  if (p === 'FINAL_REJECT') return { source: 'firewalld', action: 'REJECT' };
  if (p === 'STATE_INVALID_DROP') return { source: 'firewalld', action: 'DROP' };
  let m = FIREWALLD_POLICY.exec(p);
  if (m) return { source: 'firewalld', policy: m[1] as string, action: m[2] as string };
  m = FIREWALLD_ZONE.exec(p);
  if (m)
    return {
      source: 'firewalld',
      chain: CHAIN[m[1] as string] as string,
      zone: m[2] as string,
      action: m[3] as string,
    };
  m = UFW.exec(p);
  if (m) return { source: 'ufw', action: (m[1] as string).trim() };
  return { source: 'custom' };
}
