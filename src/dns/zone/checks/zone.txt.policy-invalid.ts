/**
 * Mail policy records written in the zone, read by the mail audit's own parsers: SPF (RFC 7208),
 * DMARC (RFC 7489), DKIM keys (RFC 6376), MTA-STS (RFC 8461) and TLS-RPT (RFC 8460). A broken
 * one is as bad as none, but named cannot tell — to it they are just text.
 */

import { isDmarcRecord, parseDmarc } from '../../../mail/auth/dmarc.js';
import { isSpfRecord, parseSpf } from '../../../mail/auth/spf-record.js';
import { parseDkimKey } from '../../../mail/dkim/record.js';
import { mtaStsRecordProblem } from '../../../mail/mta-sts.js';
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { nameKey } from '../lint/view.js';
import type { ZoneRecord } from '../model.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.txt.policy-invalid',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {kind} record of {name} is invalid: {problems}',
      detail:
        'Receivers treat a broken {kind} record like a missing one (SPF and DMARC: "permerror"), so mail may be rejected or reports never sent.',
      fix: 'Correct the TXT record on line {where}; check the whole domain afterwards with: netdoctor mail audit {domain}',
    },
    ja: {
      title: '{where}: {name} の {kind} レコードが不正です: {problems}',
      detail:
        '受信側は壊れた {kind} レコードを無いものとして扱います (SPF と DMARC は "permerror")。メールが拒否されたり、レポートが届かなくなったりします。',
      fix: '{where} の TXT レコードを直し、その後ドメイン全体を確認してください: netdoctor mail audit {domain}',
    },
  },
} as const;

const text = (r: ZoneRecord) => (r.data as { text: string }).text;

function problemsOf(owner: string, r: ZoneRecord): { kind: string; problems: string[] } | undefined {
  const t = text(r);
  if (isSpfRecord(t)) return { kind: 'SPF', problems: parseSpf(t).errors };
  if (owner.startsWith('_dmarc.')) {
    return { kind: 'DMARC', problems: isDmarcRecord(t) ? parseDmarc(t).errors : [] };
  }
  if (owner.includes('._domainkey.')) return { kind: 'DKIM', problems: parseDkimKey(t).errors };
  if (owner.startsWith('_mta-sts.')) {
    const p = mtaStsRecordProblem(t);
    return { kind: 'MTA-STS', problems: p ? [p] : [] };
  }
  if (owner.startsWith('_smtp._tls.')) {
    const problems: string[] = [];
    if (!/^v=TLSRPTv1\s*(;|$)/.test(t.trim())) problems.push('it must begin with "v=TLSRPTv1;"');
    else if (!/(^|;)\s*rua=\s*(mailto:|https:)/i.test(t))
      problems.push('rua= with a mailto: or https: address is missing');
    return { kind: 'TLS-RPT', problems };
  }
  return undefined;
}

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const [owner, list] of view.byOwner.withType('TXT')) {
      const txts = list.filter((r) => r.type === 'TXT');
      const spf = txts.filter((r) => isSpfRecord(text(r)));
      const dmarc = owner.startsWith('_dmarc.') ? txts.filter((r) => isDmarcRecord(text(r))) : [];
      const params = (r: ZoneRecord, kind: string, problems: string[]) => ({
        kind,
        problems,
        name: relativeName(r.owner, view.origin),
        domain: nameKey(r.owner)
          .replace(/^(_dmarc|_mta-sts|_smtp\._tls|[^.]+\._domainkey)\./, '')
          .replace(/\.$/, ''),
      });
      for (const [kind, set] of [
        ['SPF', spf],
        ['DMARC', dmarc],
      ] as const) {
        if (set.length > 1) {
          const first = set[0] as ZoneRecord;
          out.push(
            report(
              meta,
              first,
              params(first, kind, [
                `${set.length} ${kind} records at one name (lines ${set.map((r) => r.line).join(', ')}): only one is allowed`,
              ]),
              {
                records: set.map(recordText),
              },
            ),
          );
        }
      }
      for (const r of txts) {
        const p = problemsOf(owner, r);
        if (!p?.problems.length) continue;
        const sev = p.kind === 'SPF' || p.kind === 'DMARC' ? 'fail' : 'warn';
        out.push(report(meta, r, params(r, p.kind, p.problems), { record: recordText(r) }, sev));
      }
    }
    return out;
  },
};
