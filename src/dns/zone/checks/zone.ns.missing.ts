/** The apex needs NS records (RFC 1034 §4.2.1); named refuses a zone without them. */
import type { ZoneCheck } from '../lint/check.js';
import { report } from '../lint/check.js';
import { nameKey } from '../lint/view.js';

const meta = {
  id: 'zone.ns.missing',
  severity: 'fail',
  messages: {
    en: {
      title: '{file}: zone {zone} has no NS record at its apex',
      detail: 'named refuses a zone without NS records at the apex ("has no NS records").',
      fix: 'Add under the SOA in {file}, one line per name server: {line}',
    },
    ja: {
      title: '{file}: ゾーン {zone} の頂点に NS レコードがありません',
      detail: '頂点に NS のないゾーンを named は読み込みません ("has no NS records")。',
      fix: '{file} の SOA の下に、ネームサーバーごとに 1 行追加してください: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    if (!view.soa || view.zone.errors.length) return [];
    const apex = view.byOwner.get(nameKey(view.origin)) ?? [];
    if (apex.some((r) => r.type === 'NS')) return [];
    const file = view.zone.files[0] ?? '';
    return [
      report(
        meta,
        undefined,
        { file, zone: view.origin, line: '@  IN NS  ns1' },
        { file, bindRefuses: true },
      ),
    ];
  },
};
