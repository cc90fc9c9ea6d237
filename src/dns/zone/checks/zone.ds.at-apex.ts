/** DS belongs in the parent zone (RFC 4035 §2.4); named refuses a DS at the apex. */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { nameKey } from '../lint/view.js';

const meta = {
  id: 'zone.ds.at-apex',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: DS record at the top of zone {zone}',
      detail:
        "A DS record describes a child zone's key and lives in the parent zone; named refuses it at the apex.",
      fix: "Remove line {where} and give the DS to the registrar or the parent zone's operator instead.",
    },
    ja: {
      title: '{where}: ゾーン {zone} の頂点に DS レコードがあります',
      detail: 'DS は子ゾーンの鍵を示すもので親ゾーンに置きます。頂点の DS を named は読み込みません。',
      fix: '{where} の行を削除し、DS はレジストラまたは親ゾーンの管理者に登録してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    (view.byOwner.get(nameKey(view.origin)) ?? [])
      .filter((r) => r.type === 'DS')
      .map((r) => report(meta, r, { zone: view.origin }, { record: recordText(r), bindRefuses: true })),
};
