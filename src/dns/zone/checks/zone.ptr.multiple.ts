/**
 * Two PTRs for one address: named loads it, but receivers pick one at random and some refuse
 * the mail when the one they got does not match the sending host's HELO name.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { pairsOf } from '../lint/pairs.js';

const meta = {
  id: 'zone.ptr.multiple',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: {address} has {count} PTR records ({names})',
      detail:
        'Resolvers return the PTRs in any order and many checks use only the first; give each address one name (RFC 1912 §2.1).',
      fix: "Keep the PTR that names the host's mail (HELO) name and delete the others (lines {lines}).",
    },
    ja: {
      title: '{where}: {address} に PTR レコードが {count} 件あります ({names})',
      detail:
        'リゾルバーは PTR を順不同で返し、多くの検査は最初の 1 件しか見ません。アドレスごとに名前は 1 つにしてください (RFC 1912 §2.1)。',
      fix: 'メール送信 (HELO) 名を指す PTR を残し、他 ({lines} 行目) を削除してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'set',
  run: (ctx) => {
    const out = [];
    const reverse = pairsOf(ctx).reverse;
    for (let e = 0; e < reverse.size; e++) {
      const raw = reverse.rawAt(e);
      if (!Array.isArray(raw) || raw.length < 2) continue;
      const k = reverse.keyAt(e);
      const uses = reverse.get(k) ?? [];
      const first = uses[0] as (typeof uses)[number];
      out.push(
        report(
          meta,
          first.record,
          {
            address: first.address,
            count: uses.length,
            names: uses.map((u) => u.name),
            lines: uses.map((u) => u.record.line),
          },
          { records: uses.map((u) => recordText(u.record)) },
        ),
      );
    }
    return out;
  },
};
