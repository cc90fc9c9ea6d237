/** A YYYYMMDDnn serial dated after today: a typo (2062, next month) that blocks date-based bumps. */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { dateOfSerial } from '../write.js';

const meta = {
  id: 'zone.serial.future',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: serial {serial} is dated {date}, after today',
      detail:
        "A serial can never go down without breaking secondaries (RFC 1982), so until that date every edit must keep adding 1 to this number instead of writing today's date.",
      fix: "Leave the serial as it is and raise it by one on each edit until {date}; netdoctor's zone writer does this (nextSerial). To go back to today's date sooner, follow RFC 1982 §7 (two steps of less than 2^31).",
    },
    ja: {
      title: '{where}: シリアル {serial} の日付 {date} は今日より後です',
      detail:
        'シリアルは下げるとセカンダリが更新しなくなる (RFC 1982) ため、その日付までは編集のたびに今日の日付ではなく 1 ずつ上げ続ける必要があります。',
      fix: 'シリアルはそのままにして、{date} までは編集ごとに 1 ずつ上げてください (netdoctor のゾーン書き出し nextSerial はそうします)。早く今日の日付に戻すには RFC 1982 §7 の手順 (2^31 未満ずつ 2 回) に従ってください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view, ctx) => {
    const soa = view.soa;
    const d = soa && dateOfSerial(soa.data.serial);
    if (!soa || !d) return [];
    const tomorrow = Date.UTC(
      ctx.today.getUTCFullYear(),
      ctx.today.getUTCMonth(),
      ctx.today.getUTCDate() + 1,
    );
    if (d.getTime() <= tomorrow) return [];
    return [
      report(
        meta,
        soa,
        { serial: soa.data.serial, date: d.toISOString().slice(0, 10) },
        { record: recordText(soa) },
      ),
    ];
  },
};
