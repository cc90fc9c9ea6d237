/**
 * A serial that looks like YYYYMMDDnn (RFC 1912 §2.2) but names no real date — day 32, month 13.
 * named loads it; the next person to bump it by date gets confused, or sets a smaller serial.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { dateOfSerial, nextSerial } from '../write.js';

const meta = {
  id: 'zone.serial.bad-date',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: serial {serial} looks like a date (YYYYMMDDnn) but {date} is not a real date',
      detail:
        'named accepts any number, so the typo loads silently. Bumping it "by date" later may give a smaller number, and secondaries ignore a smaller serial (RFC 1982).',
      fix: "Set the serial to {next} (today's date, larger than {serial}) on line {where}, then reload: rndc reload {zone}",
    },
    ja: {
      title: '{where}: シリアル {serial} は日付 (YYYYMMDDnn) の形ですが、{date} は実在しない日付です',
      detail:
        'named はどんな数値でも受け付けるため、この誤りは黙って読み込まれます。後で「日付で」上げると小さな値になることがあり、セカンダリは小さいシリアルを無視します (RFC 1982)。',
      fix: '{where} のシリアルを {next} (今日の日付で、{serial} より大きい値) にしてから再読み込みしてください: rndc reload {zone}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view, ctx) => {
    const soa = view.soa;
    if (!soa) return [];
    const s = String(soa.data.serial);
    if (!/^(19|20)[0-9]{8}$/.test(s) || dateOfSerial(soa.data.serial)) return [];
    return [
      report(
        meta,
        soa,
        {
          serial: soa.data.serial,
          date: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`,
          next: nextSerial(soa.data.serial, ctx.today),
          zone: view.origin,
        },
        { record: recordText(soa) },
      ),
    ];
  },
};
