/**
 * TTL oddities: 0 on the SOA, NS or MX (every query goes to the server; some resolvers misbehave),
 * over a week (RFC 8767 resolvers cap there; a mistake stays cached that long), over 2^31-1
 * (RFC 2181 §8: read as 0), or under a minute on ordinary data.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import type { ZoneRecord } from '../model.js';
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
    // Lines whose TTL was over 2^31-1 and became 0: a set and one pass over the records, not a
    // scan of the records per note and of the notes per record.
    const capped = new Set<string>();
    for (const n of view.zone.notes) if (n.code === 'ttl-max') capped.add(`${n.line} ${n.file}`);
    if (capped.size > 0) {
      const first = new Map<string, ZoneRecord>();
      for (const x of view.zone.records) {
        const k = `${x.line} ${x.file}`;
        if (capped.has(k) && !first.has(k)) first.set(k, x);
      }
      for (const n of view.zone.notes) {
        const r = n.code === 'ttl-max' && first.get(`${n.line} ${n.file}`);
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
    }
    for (const r of view.records) {
      let why: string | undefined;
      let sev: 'info' | 'warn' = 'info';
      if (capped.size > 0 && capped.has(`${r.line} ${r.file}`)) continue;
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
