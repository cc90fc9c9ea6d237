/**
 * A record whose owner is outside the zone (an absolute name of another domain, often out-of-zone
 * "glue" or a wrong `$ORIGIN`): named ignores it with a log line nobody reads.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';

const meta = {
  id: 'zone.name.outside-zone',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: {name} is outside zone {zone} and is ignored',
      detail:
        'named drops records whose name is not in the zone ("ignoring out-of-zone data"). Out-of-zone glue does nothing: the address must be in the zone that owns the name.',
      fix: 'Put the record into the zone file of its own domain, or, if it belongs here, write the name relative to the zone (without a trailing dot) or check the $ORIGIN above line {where}.',
    },
    ja: {
      title: '{where}: {name} はゾーン {zone} の外にあり、無視されます',
      detail:
        'named はゾーン外の名前のレコードを捨てます ("ignoring out-of-zone data")。ゾーン外のグルーは何の役にも立たず、アドレスはその名前を持つゾーンに置く必要があります。',
      fix: 'そのドメイン自身のゾーンファイルに移してください。このゾーンのものなら、名前を末尾のドットなしの相対名で書くか、{where} より上の $ORIGIN を確認してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    view.outside.map((r) => report(meta, r, { name: r.owner, zone: view.origin }, { record: recordText(r) })),
};
