/**
 * SOA timers outside sane ranges: RFC 1912 §2.2 and Zonemaster's ZONE02–ZONE06 limits (refresh
 * at least 20 minutes, retry below refresh, expire at least a week and above refresh, negative
 * TTL between 5 minutes and a day — RFC 2308 §5).
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { formatTtl } from '../ttl.js';

const meta = {
  id: 'zone.soa.timers',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: SOA timers out of range: {problems}',
      detail:
        'Refresh and retry tell secondaries how often to check for changes, expire when to stop answering if the primary is gone, and the last value how long resolvers cache "no such name".',
      fix: 'On line {where}, use for example: {line}',
    },
    ja: {
      title: '{where}: SOA のタイマーが範囲外です: {problems}',
      detail:
        'refresh と retry はセカンダリが更新を確かめる間隔、expire はプライマリが止まったときに応答をやめるまでの時間、最後の値はリゾルバーが「存在しない」をキャッシュする時間です。',
      fix: '{where} の行を、例えば次のようにしてください: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const soa = view.soa;
    if (!soa) return [];
    const { refresh, retry, expire, minimum } = soa.data;
    const p: string[] = [];
    if (refresh < 1200) p.push(`refresh ${formatTtl(refresh)} < 20m`);
    if (refresh > 86400) p.push(`refresh ${formatTtl(refresh)} > 1d`);
    if (retry >= refresh) p.push(`retry ${formatTtl(retry)} >= refresh ${formatTtl(refresh)}`);
    if (retry < 60) p.push(`retry ${formatTtl(retry)} < 1m`);
    if (expire < 604800) p.push(`expire ${formatTtl(expire)} < 1w`);
    if (expire <= refresh + retry) p.push(`expire ${formatTtl(expire)} <= refresh + retry`);
    if (minimum > 86400) p.push(`negative TTL ${formatTtl(minimum)} > 1d`);
    if (minimum < 300) p.push(`negative TTL ${formatTtl(minimum)} < 5m`);
    if (!p.length) return [];
    const r2 = Math.min(Math.max(refresh, 1200), 86400);
    const line = `@ IN SOA ${soa.data.mname} ${soa.data.rname} ( ${soa.data.serial} ${formatTtl(r2)} ${formatTtl(Math.min(Math.max(retry, 60), Math.max(60, Math.floor(r2 / 4))))} ${formatTtl(Math.max(expire, 1209600))} ${formatTtl(Math.min(Math.max(minimum, 300), 86400))} )`;
    return [report(meta, soa, { problems: p, line }, { record: recordText(soa) })];
  },
};
