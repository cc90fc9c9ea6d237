/** The same record written twice: named keeps one silently; usually a copy-and-paste left over. */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { where } from '../lint/view.js';

const meta = {
  id: 'zone.record.duplicate',
  severity: 'info',
  messages: {
    en: {
      title: '{where}: the same record as on line {first}',
      detail: 'named keeps one copy. Harmless, but when one copy is edited later the other stays behind.',
      fix: 'Delete line {where}.',
    },
    ja: {
      title: '{where}: {first} と同じレコードです',
      detail: 'named は 1 つだけ残します。害はありませんが、後で片方だけ直すともう片方が残ります。',
      fix: '{where} の行を削除してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    view.duplicates
      .filter((d) => !d.record.generated)
      .map((d) => report(meta, d.record, { first: where(d.first) }, { record: recordText(d.record) })),
};
