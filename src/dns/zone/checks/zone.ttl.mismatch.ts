/**
 * Records of one RRset with different TTLs (RFC 2181 §5.2 forbids it): named quietly gives them
 * all one TTL, which is not the one the admin thinks of for every line.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { isSubdomain, nameKey } from '../lint/view.js';
import { relativeName } from '../name.js';
import { formatTtl } from '../ttl.js';

const meta = {
  id: 'zone.ttl.mismatch',
  severity: 'warn',
  messages: {
    en: {
      title:
        '{where}: {name} {type} records have different TTLs ({ttls}); named serves them all with {served}',
      detail:
        'All records of one name and type share one TTL (RFC 2181 §5.2); named silently uses one of them.',
      fix: 'Give every {name} {type} line (lines {lines}) the same TTL, e.g. {served}.',
    },
    ja: {
      title:
        '{where}: {name} {type} のレコードの TTL がばらばらです ({ttls})。named はすべて {served} で応答します',
      detail:
        '同じ名前・種類のレコードは 1 つの TTL を共有します (RFC 2181 §5.2)。named は黙ってそのうち 1 つを使います。',
      fix: '{name} {type} の各行 ({lines} 行目) の TTL を同じ値 (例: {served}) にそろえてください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    // First pass: the first TTL of each RRset; only sets that turn out mixed keep their records.
    const firstTtl = new Map<string, number>();
    const mixed = new Set<string>();
    for (const r of view.zone.records) {
      if (r.type === 'RRSIG' || !isSubdomain(r.owner, view.origin)) continue;
      const k = `${nameKey(r.owner)} ${r.type}`;
      const t = firstTtl.get(k);
      if (t === undefined) firstTtl.set(k, r.ttl);
      else if (t !== r.ttl) mixed.add(k);
    }
    if (!mixed.size) return [];
    const sets = new Map<string, (typeof view.records)[number][]>();
    for (const r of view.zone.records) {
      if (r.type === 'RRSIG' || !isSubdomain(r.owner, view.origin)) continue;
      const k = `${nameKey(r.owner)} ${r.type}`;
      if (!mixed.has(k)) continue;
      const l = sets.get(k);
      if (l) l.push(r);
      else sets.set(k, [r]);
    }
    const served = new Map(view.records.map((r) => [`${nameKey(r.owner)} ${r.type}`, r.ttl]));
    const out = [];
    for (const [k, list] of sets) {
      const ttls = [...new Set(list.map((r) => r.ttl))];
      if (ttls.length < 2) continue;
      const first = list[0] as (typeof list)[number];
      out.push(
        report(
          meta,
          first,
          {
            name: relativeName(first.owner, view.origin),
            type: first.type,
            ttls: ttls.map(formatTtl),
            served: formatTtl(served.get(k) ?? first.ttl),
            lines: list.map((r) => r.line),
          },
          { records: list.map(recordText) },
        ),
      );
    }
    return out;
  },
};
