/**
 * An apex NS whose target lies below a DNAME of the zone: the DNAME redirects every name under it
 * (RFC 6672 §2.3), so the server name can never be resolved here. named refuses the zone.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { belowDname, isSubdomain, nameKey } from '../lint/view.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.target.below-dname',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: name server {target} is below a DNAME and cannot be resolved',
      detail:
        'A DNAME redirects every name below its owner to another domain (RFC 6672), so {target} is never looked up in this zone. named refuses the zone.',
      fix: 'Use a name server name that is not under the DNAME, e.g. one outside the zone with a trailing dot, on line {where}.',
    },
    ja: {
      title: '{where}: ネームサーバー {target} は DNAME の下にあり、名前解決できません',
      detail:
        'DNAME はその下のすべての名前を別のドメインへ付け替える (RFC 6672) ため、{target} はこのゾーンでは引かれません。named はこのゾーンを読み込みません。',
      fix: '{where} で、DNAME の下にないネームサーバー名 (例えばゾーン外の名前を末尾ドット付きで) を使ってください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    (view.byOwner.get(nameKey(view.origin)) ?? [])
      .filter((r) => r.type === 'NS')
      .filter((r) => {
        const t = (r.data as { target: string }).target;
        return (
          isSubdomain(t, view.origin) &&
          (belowDname(view, t) ||
            (nameKey(t) !== nameKey(view.origin) &&
              (view.byOwner.get(nameKey(view.origin)) ?? []).some((x) => x.type === 'DNAME')))
        );
      })
      .map((r) =>
        report(
          meta,
          r,
          { target: relativeName((r.data as { target: string }).target, view.origin) },
          { record: recordText(r), bindRefuses: true },
        ),
      ),
};
