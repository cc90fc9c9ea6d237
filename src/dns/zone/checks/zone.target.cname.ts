/**
 * NS, MX and SRV must name a host, not an alias (RFC 2181 §10.3, RFC 2782). named refuses an NS
 * that points at a CNAME in the zone; for MX it only warns, yet many mail servers then refuse or
 * defer the mail.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { isSubdomain, nameKey, zoneLine } from '../lint/view.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.target.cname',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {type} target {target} is a CNAME (to {alias})',
      detail:
        '{type} records must name a host with its own A/AAAA records, never an alias (RFC 2181 §10.3). Senders may defer or bounce mail for an MX that is a CNAME.',
      fix: 'Point the {type} at the real host: {line}',
    },
    ja: {
      title: '{where}: {type} の宛先 {target} は CNAME です ({alias} への別名)',
      detail:
        '{type} レコードは別名ではなく、自身の A/AAAA を持つホスト名を指す必要があります (RFC 2181 §10.3)。MX が CNAME だと送信側がメールを保留・返送することがあります。',
      fix: '{type} を実際のホストに向けてください: {line}',
    },
  },
} as const;

function targetOf(data: { type: string } & Record<string, unknown>): string | undefined {
  if (data.type === 'NS') return data.target as string;
  if (data.type === 'MX') return data.exchange as string;
  if (data.type === 'SRV') return data.target as string;
  return undefined;
}

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const r of view.records) {
      const t = targetOf(r.data as { type: string } & Record<string, unknown>);
      if (!t || !isSubdomain(t, view.origin)) continue;
      const cname = view.byOwner.get(nameKey(t))?.find((x) => x.type === 'CNAME');
      if (!cname) continue;
      const alias = (cname.data as { target: string }).target;
      const rdata = r.rdata.replace(/\S+$/, alias);
      out.push(
        report(
          meta,
          r,
          {
            type: r.type,
            target: relativeName(t, view.origin),
            alias,
            line: zoneLine(r.owner, r.type, rdata, view.origin),
          },
          { record: recordText(r), cname: recordText(cname), bindRefuses: r.type === 'NS' },
        ),
      );
    }
    return out;
  },
};
