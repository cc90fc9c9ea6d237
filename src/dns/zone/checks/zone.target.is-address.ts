/**
 * `NS 192.0.2.1` or `MX 10 192.0.2.25`: these records take a host name, so the address becomes a
 * name (`192.0.2.1.example.org.`). named refuses the zone ("NS is an address", check-mx).
 */
import net from 'node:net';
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { relativeName } from '../name.js';

const meta = {
  id: 'zone.target.is-address',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: the {type} record names an IP address ({address}), not a host',
      detail:
        '{type} records take a host name; the address is read as the name {target}. named refuses the zone.',
      fix: 'Give the server a name with an address record and point the {type} at it, e.g. {line}',
    },
    ja: {
      title: '{where}: {type} レコードにホスト名ではなく IP アドレス ({address}) が書かれています',
      detail:
        '{type} レコードにはホスト名を書きます。アドレスは名前 {target} として読まれます。named はこのゾーンを読み込みません。',
      fix: 'サーバーにアドレスレコード付きの名前を付け、{type} をそれに向けてください。例: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const r of view.records) {
      if (r.type !== 'NS' && r.type !== 'MX') continue;
      const target =
        r.data.type === 'MX' && 'exchange' in r.data
          ? r.data.exchange
          : (r.data as { target: string }).target;
      const rel = relativeName(target, view.origin).replace(/\.$/, '');
      if (!net.isIP(rel)) continue;
      const host = r.type === 'MX' ? 'mail' : 'ns1';
      const line = `${r.type === 'MX' ? `@ IN MX ${(r.data as { preference: number }).preference} ${host}` : `@ IN NS ${host}`}  +  ${host} IN ${net.isIPv6(rel) ? 'AAAA' : 'A'} ${rel}`;
      out.push(
        report(
          meta,
          r,
          { type: r.type, address: rel, target, line },
          { record: recordText(r), bindRefuses: r.type === 'NS' },
        ),
      );
    }
    return out;
  },
};
