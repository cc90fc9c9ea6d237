/**
 * Records of one RRset with different TTLs (RFC 2181 §5.2 forbids it): named quietly gives them
 * all one TTL, which is not the one the admin thinks of for every line.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
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
    const out = [];
    for (const { records: list, served } of view.ttlMixed) {
      const ttls = [...new Set(list.map((r) => r.ttl))];
      const first = list[0] as (typeof list)[number];
      out.push(
        report(
          meta,
          first,
          {
            name: relativeName(first.owner, view.origin),
            type: first.type,
            ttls: ttls.map(formatTtl),
            served: formatTtl(served),
            lines: list.map((r) => r.line),
          },
          { records: list.map(recordText) },
        ),
      );
    }
    return out;
  },
};
