/**
 * Data at or below a delegation point other than the NS set, DS and the glue the NS set needs
 * is never served: the parent answers with a referral (RFC 1034 §4.2.1). Often a record meant
 * for the child's own zone file.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { cutAbove, nameKey } from '../lint/view.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.data.occluded',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: {name} {type} is below the delegation of {child} and is never served',
      detail:
        'Below a delegation the parent only gives referrals; this record is ignored unless it is glue for a name server of the delegation.',
      fix: 'Move line {where} into the zone file of {child} (on its own servers), or delete it.',
    },
    ja: {
      title: '{where}: {name} {type} は {child} の委任より下にあり、応答に使われません',
      detail:
        '委任より下では親ゾーンは委任情報 (referral) だけを返します。委任先ネームサーバーのグルーでない限り、このレコードは無視されます。',
      fix: '{where} の行を {child} 自身のゾーンファイル (委任先サーバー) に移すか、削除してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const glue = new Set<string>();
    for (const r of view.records)
      if (r.type === 'NS') glue.add(nameKey((r.data as { target: string }).target));
    const out = [];
    for (const r of view.records) {
      const cut = cutAbove(view, r.owner);
      if (!cut) continue;
      const k = nameKey(r.owner);
      if (k === cut && (r.type === 'NS' || r.type === 'DS' || r.type === 'NSEC' || r.type === 'RRSIG'))
        continue;
      if ((r.type === 'A' || r.type === 'AAAA') && glue.has(k)) continue;
      out.push(
        report(
          meta,
          r,
          { name: relativeName(r.owner, view.origin), type: r.type, child: relativeName(cut, view.origin) },
          { record: recordText(r) },
        ),
      );
    }
    return out;
  },
};
