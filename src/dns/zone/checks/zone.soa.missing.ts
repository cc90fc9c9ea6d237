/** A zone needs exactly one SOA at its apex (RFC 1035 §5.2); named refuses it otherwise. */
import type { ZoneCheck } from '../lint/check.js';
import { report } from '../lint/check.js';

const meta = {
  id: 'zone.soa.missing',
  severity: 'fail',
  messages: {
    en: {
      title: '{file}: zone {zone} has no SOA record at its apex',
      detail:
        'named refuses a zone without an SOA record ("has 0 SOA records"). Check the zone name (--origin) too.',
      fix: 'Add as the first record of {file}: {line}',
    },
    ja: {
      title: '{file}: ゾーン {zone} の頂点に SOA レコードがありません',
      detail:
        'SOA のないゾーンを named は読み込みません ("has 0 SOA records")。ゾーン名 (--origin) も確認してください。',
      fix: '{file} の最初のレコードとして追加してください: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    if (view.soa || view.zone.errors.length) return [];
    const file = view.zone.files[0] ?? '';
    return [
      report(
        meta,
        undefined,
        { file, zone: view.origin, line: '@  IN SOA ns1 hostmaster ( 2026010100 1h 15m 2w 1h )' },
        { file, zone: view.origin, bindRefuses: true },
      ),
    ];
  },
};
