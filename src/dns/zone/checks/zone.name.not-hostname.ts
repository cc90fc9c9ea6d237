/**
 * BIND's check-names (on by default for primary zones): the owner of an A, AAAA or MX record,
 * and the target of NS, MX, SRV, service-mode SVCB/HTTPS and reverse-zone PTR records, must be a host name — letters,
 * digits and inner hyphens (RFC 952, RFC 1123 §2.1); `*` may lead an owner. `mail_server` is
 * refused; DNS-SD reverse names (`b._dns-sd._udp`) are exempt as BIND exempts them.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { nameKey } from '../lint/view.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.name.not-hostname',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {name} is not a valid host name ({role})',
      detail:
        'Host names may hold only letters, digits and hyphens (not at either end of a label); "_" and other characters are refused by named\'s check-names and by many mail servers.',
      fix: 'Rename it, e.g. {suggested}, on line {where} and wherever it is used.',
    },
    ja: {
      title: '{where}: {name} はホスト名として不正です ({role})',
      detail:
        'ホスト名に使えるのは英字、数字、ハイフン (ラベルの両端以外) だけです。"_" などは named の check-names や多くのメールサーバーに拒否されます。',
      fix: '{where} の行と、その名前を使っているすべての場所で、例えば {suggested} に変更してください。',
    },
  },
} as const;

/**
 * RFC 952/1123 host name: labels of letters, digits and inner hyphens; `*` alone may lead when
 * `wildcardOk`. One pass over the characters (it runs for most records of a zone).
 */
export function isHostname(name: string, wildcardOk: boolean): boolean {
  if (name === '.') return true;
  const n = name.charCodeAt(name.length - 1) === 0x2e ? name.length - 1 : name.length;
  let start = 0;
  if (wildcardOk && name.charCodeAt(0) === 0x2a && (n === 1 || name.charCodeAt(1) === 0x2e)) start = 2;
  if (start >= n) return start > 0;
  let len = 0;
  let prev = 0x2e;
  for (let i = start; i <= n; i++) {
    const c = i === n ? 0x2e : name.charCodeAt(i);
    if (c === 0x2e) {
      if (len === 0 || len > 63 || prev === 0x2d) return false;
      len = 0;
    } else if (c === 0x2d) {
      if (len === 0) return false;
      len++;
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) len++;
    else return false;
    prev = c;
  }
  return true;
}

const suggest = (name: string) =>
  name
    .replace(/\.$/, '')
    .split('.')
    .map((l) => l.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'x')
    .join('.');

const DNS_SD = /^(b|db|r|dr|lb)\._dns-sd\._udp\./;

/** Owners BIND exempts from the host-name rule: Active Directory's gc._msdcs and SPF's _spf labels. */
const OWNER_EXEMPT = /^(gc\._msdcs|[^.]+\._spf[^.]*)\./i;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    const bad = (r: (typeof view.records)[number], name: string, role: string) =>
      report(
        meta,
        r,
        { name: relativeName(name, view.origin), role, suggested: suggest(relativeName(name, view.origin)) },
        { record: recordText(r), bindRefuses: true },
      );
    for (const r of view.records) {
      const d = r.data as Record<string, unknown>;
      if (
        (r.type === 'A' || r.type === 'AAAA' || r.type === 'MX') &&
        !isHostname(r.owner, true) &&
        !(r.type !== 'MX' && OWNER_EXEMPT.test(r.owner))
      ) {
        out.push(bad(r, r.owner, `owner of ${r.type}`));
      }
      let target: string | undefined;
      if (r.type === 'NS' || r.type === 'SRV') target = d.target as string;
      else if (r.type === 'MX') target = d.exchange as string;
      else if (r.type === 'SOA') target = d.mname as string;
      else if (r.type === 'PTR' && view.reverse) {
        // DNS-SD browse records name services, not hosts (tested only for a PTR that fails).
        const t = d.target as string;
        if (t && !isHostname(t, false) && !DNS_SD.test(nameKey(r.owner)))
          out.push(bad(r, t, `${r.type} target`));
      } else if (r.type === 'SVCB' || r.type === 'HTTPS') {
        // Service mode only (priority > 0): an alias-mode target may be any name (BIND 9.18).
        const [priority, name] = r.rdata.split(' ');
        if (priority !== '0' && name !== '.') target = name;
      }
      if (target && !isHostname(target, false)) out.push(bad(r, target, `${r.type} target`));
    }
    return out;
  },
};
