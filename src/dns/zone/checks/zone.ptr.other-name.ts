/**
 * A mail host whose address has a PTR, but to another name: FCrDNS may still pass for that other
 * name, yet receivers that compare the PTR with the HELO name (and Gmail's advice) want the mail
 * host's own name.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { pairsOf } from '../lint/pairs.js';
import { nameKey } from '../lint/view.js';

const meta = {
  id: 'zone.ptr.other-name',
  severity: 'info',
  messages: {
    en: {
      title: '{where}: mail host {name} is at {address}, whose PTR names {ptr}',
      detail:
        'The address has reverse DNS, but for another name. Receivers that compare the PTR with the HELO/EHLO name expect them to agree.',
      fix: "Either set Postfix's myhostname (HELO name) to {ptr}, or point the PTR on line {ptrWhere} at {name}.",
    },
    ja: {
      title: '{where}: メールホスト {name} のアドレス {address} の PTR は {ptr} を指しています',
      detail: '逆引きはありますが別の名前です。PTR と HELO/EHLO 名を比べる受信側は、両者の一致を期待します。',
      fix: 'Postfix の myhostname (HELO 名) を {ptr} にするか、{ptrWhere} の PTR を {name} に向けてください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'set',
  run: (ctx) => {
    const p = pairsOf(ctx);
    const out = [];
    if (p.mailHosts.size === 0) return [];
    for (const k of p.forward.keys()) {
      if (!p.reverse.has(k)) continue;
      const uses = p.forward.get(k) ?? [];
      if (!uses.some((u) => p.mailHosts.has(nameKey(u.name)))) continue;
      const ptrs = p.reverse.get(k) ?? [];
      for (const u of uses) {
        if (!p.mailHosts.has(nameKey(u.name))) continue;
        if (ptrs.some((x) => nameKey(x.name) === nameKey(u.name))) continue;
        const ptr = ptrs[0] as (typeof ptrs)[number];
        out.push(
          report(
            meta,
            u.record,
            {
              name: u.name,
              address: u.address,
              ptr: ptr.name,
              ptrWhere: `${ptr.record.file}:${ptr.record.line}`,
            },
            { record: recordText(u.record), ptr: recordText(ptr.record) },
          ),
        );
      }
    }
    return out;
  },
};
