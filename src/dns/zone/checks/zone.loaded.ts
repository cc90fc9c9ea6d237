/** The summary of one zone: what was read, as named would load it. */
import type { ZoneCheck } from '../lint/check.js';
import { report } from '../lint/check.js';

const meta = {
  id: 'zone.loaded',
  severity: 'ok',
  messages: {
    en: { title: '{file}: zone {zone}, serial {serial}, {records} record(s) checked' },
    ja: { title: '{file}: ゾーン {zone}、シリアル {serial}、{records} 件のレコードを確認しました' },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const file = view.zone.files[0] ?? '';
    return [
      report(
        meta,
        undefined,
        {
          file,
          zone: view.origin,
          serial: view.soa ? view.soa.data.serial : '-',
          records: view.records.length,
        },
        { file, zone: view.origin, files: view.zone.files },
      ),
    ];
  },
};
