/**
 * Forward-confirmed reverse DNS, before mail breaks: an A/AAAA in a forward zone whose address
 * lies in a reverse zone given, with no PTR there. Receivers answer "450 4.7.1 … IP name lookup
 * failed" or Gmail's 550-5.7.25 for a mail host without one.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { pairsOf, reverseZoneFor, weighsForMail } from '../lint/pairs.js';
import { arpaOf, zoneLine } from '../lint/view.js';

const meta = {
  id: 'zone.ptr.missing',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: {address} ({name}) has no PTR record in {reverseZone}',
      detail:
        'Mail servers look up the PTR of the connecting address and check it names a host with that address (FCrDNS); without it mail is deferred ("450 4.7.1 IP name lookup failed") or rejected.',
      fix: 'Add to {reverseFile}: {line}',
    },
    ja: {
      title: '{where}: {address} ({name}) の PTR レコードが {reverseZone} にありません',
      detail:
        'メールサーバーは接続元アドレスの PTR を引き、それがそのアドレスを持つホスト名かを確かめます (FCrDNS)。PTR がないとメールは保留 ("450 4.7.1 IP name lookup failed") や拒否になります。',
      fix: '{reverseFile} に追加してください: {line}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'set',
  run: (ctx) => {
    const p = pairsOf(ctx);
    const out = [];
    for (let e = 0; e < p.forward.size; e++) {
      const k = p.forward.keyAt(e);
      if (p.reverse.has(k)) continue;
      const uses = p.forward.get(k) ?? [];
      const use = uses[0];
      if (!use) continue;
      const rz = reverseZoneFor(p, use.address);
      if (!rz) continue;
      const mail = uses.find((u) => weighsForMail(p, u.name, u.address));
      const chosen = mail ?? use;
      out.push(
        report(
          meta,
          chosen.record,
          {
            address: chosen.address,
            name: chosen.name,
            reverseZone: rz.origin,
            reverseFile: rz.zone.files[0] ?? '',
            line: zoneLine(arpaOf(chosen.address), 'PTR', chosen.name, rz.origin),
          },
          { record: recordText(chosen.record), mailHost: !!mail, names: uses.map((u) => u.name) },
          mail ? 'fail' : 'warn',
        ),
      );
    }
    return out;
  },
};
