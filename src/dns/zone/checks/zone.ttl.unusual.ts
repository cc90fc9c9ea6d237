/**
 * TTL oddities: 0 on the SOA, NS or MX (every query goes to the server; some resolvers misbehave),
 * over a week (RFC 8767 resolvers cap there; a mistake stays cached that long), over 2^31-1
 * (RFC 2181 §8: read as 0), or under a minute on ordinary data.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { relativeName } from '../name.js';
import { formatTtl } from '../ttl.js';

const meta = {
  id: 'zone.ttl.unusual',
  severity: 'info',
  messages: {
    en: {
      title: '{where}: {name} {type} has TTL {ttl}: {why}',
      detail:
        'Resolvers keep a record for its TTL. Very long TTLs keep mistakes cached; very short ones load the server and make answers slower.',
      fix: 'Use a TTL between 5 minutes and 1 day (e.g. 1h) on line {where}, or set $TTL 1h at the top of the file.',
    },
    ja: {
      title: '{where}: {name} {type} の TTL が {ttl} です: {why}',
      detail:
        'リゾルバーはレコードを TTL の間保持します。長すぎると誤りがキャッシュに残り、短すぎるとサーバーの負荷と応答の遅れにつながります。',
      fix: '{where} の TTL を 5 分から 1 日の間 (例: 1h) にするか、ファイル先頭に $TTL 1h を置いてください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const n of view.zone.notes) {
      const r = n.code === 'ttl-max' && view.zone.records.find((x) => x.file === n.file && x.line === n.line);
      if (r)
        out.push(
          report(
            meta,
            r,
            { name: relativeName(r.owner, view.origin), type: r.type, ttl: '0', why: n.message },
            {},
            'warn',
          ),
        );
    }
    for (const r of view.records) {
      let why: string | undefined;
      let sev: 'info' | 'warn' = 'info';
      if (view.zone.notes.some((n) => n.code === 'ttl-max' && n.file === r.file && n.line === r.line))
        continue;
      if (r.ttl === 0 && (r.type === 'SOA' || r.type === 'NS' || r.type === 'MX')) {
        why = 'zero on an infrastructure record';
        sev = 'warn';
      } else if (r.ttl > 604800) {
        why = 'over one week (resolvers cap at 1w, RFC 8767)';
        sev = 'warn';
      } else if (r.ttl > 0 && r.ttl < 60 && r.type !== 'SOA') why = 'under one minute';
      if (!why) continue;
      out.push(
        report(
          meta,
          r,
          { name: relativeName(r.owner, view.origin), type: r.type, ttl: formatTtl(r.ttl), why },
          { record: recordText(r) },
          sev,
        ),
      );
    }
    return out;
  },
};
