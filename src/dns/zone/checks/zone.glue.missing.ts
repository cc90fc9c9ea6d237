/**
 * A delegation whose name server lies inside the delegated child needs glue: the server's A/AAAA
 * record in this (parent) zone, or nobody can find the child's servers (RFC 1034 §4.2.1).
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { addressesOf, cutAbove, isSubdomain, nameKey } from '../lint/view.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.glue.missing',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: delegation of {child} to {target} has no glue address',
      detail:
        '{target} is inside {child}, so resolvers need its address from this zone before they can ask it anything.',
      fix: "Add the name server's address next to the NS line: {line}",
    },
    ja: {
      title: '{where}: {child} の委任先 {target} のグルーアドレスがありません',
      detail:
        '{target} は {child} の中にあるため、リゾルバーは問い合わせる前にこのゾーンからそのアドレスを知る必要があります。',
      fix: 'NS 行の隣にネームサーバーのアドレスを追加してください: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const r of view.records) {
      if (r.type !== 'NS' || !view.cuts.has(nameKey(r.owner))) continue;
      const t = (r.data as { target: string }).target;
      if (!isSubdomain(t, view.origin) || !cutAbove(view, t)) continue;
      if (addressesOf(view, t).length) continue;
      const rel = relativeName(t, view.origin);
      out.push(
        report(
          meta,
          r,
          {
            child: relativeName(r.owner, view.origin),
            target: rel,
            line: `${rel.padEnd(7)} IN A    <address>`,
          },
          { record: recordText(r) },
        ),
      );
    }
    return out;
  },
};
