/**
 * An NS, MX or SRV target inside the zone that has no A/AAAA record. named refuses the zone for
 * an in-zone NS target without an address (check-integrity) and warns for MX and SRV; mail to
 * such an MX cannot be delivered at all.
 */
import net from 'node:net';
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { addressesOf, belowDname, cutAbove, isSubdomain, nameKey, typesAt } from '../lint/view.js';
import { relativeName } from '../name.js';
import { missingDot } from './zone.name.missing-dot.js';

const meta = {
  id: 'zone.target.no-address',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {type} target {target} has no A or AAAA record',
      detail:
        'Nobody can reach a {type} target without an address. For NS named refuses the zone; for MX, mail to the domain bounces.',
      fix: "Add the host's address to the zone: {line}",
    },
    ja: {
      title: '{where}: {type} の宛先 {target} に A / AAAA レコードがありません',
      detail:
        'アドレスのない {type} の宛先には誰も到達できません。NS なら named はゾーンを読み込まず、MX ならそのドメイン宛てのメールは返送されます。',
      fix: 'ホストのアドレスをゾーンに追加してください: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const r of view.records) {
      const d = r.data as Record<string, unknown>;
      const t = (r.type === 'MX' ? d.exchange : r.type === 'NS' || r.type === 'SRV' ? d.target : undefined) as
        | string
        | undefined;
      if (!t || t === '.' || !isSubdomain(t, view.origin)) continue;
      // Glue below a delegation is zone.glue.missing; a CNAME target is zone.target.cname.
      if (cutAbove(view, t) && r.type === 'NS') continue;
      if (addressesOf(view, t).length || typesAt(view, t).has('CNAME') || belowDname(view, t)) continue;
      // A name that is an address, or lost its trailing dot, has its own finding.
      if (net.isIP(relativeName(t, view.origin)) || missingDot(t, view.origin, false)) continue;
      // named refuses the zone for the apex NS set only; a delegation's NS is the child's business.
      const apexNs = r.type === 'NS' && nameKey(r.owner) === nameKey(view.origin);
      const rel = relativeName(t, view.origin);
      const exists = view.byOwner.has(nameKey(t));
      out.push(
        report(
          meta,
          r,
          {
            type: r.type,
            target: rel,
            line: `${rel.padEnd(7)} IN A    <address>`,
          },
          { record: recordText(r), targetExists: exists, bindRefuses: apexNs },
          apexNs || r.type === 'MX' ? 'fail' : 'warn',
        ),
      );
    }
    return out;
  },
};
