/**
 * A PTR whose target, in a forward zone given, has no A/AAAA with that address: reverse DNS that
 * does not confirm forward (FCrDNS fails) — or a PTR left behind after a host was renumbered.
 */
import net from 'node:net';
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import {
  type AddressKey,
  addressesOfName,
  forwardZoneFor,
  hasAddress,
  pairsOf,
  weighsForMail,
} from '../lint/pairs.js';
import { addressKey, zoneLine } from '../lint/view.js';
import type { ZoneRecord } from '../model.js';

const meta = {
  id: 'zone.ptr.no-forward',
  severity: 'warn',
  messages: {
    en: {
      title: '{where}: PTR {address} → {name}, but {name} has no {rrtype} record with {address}{seen}',
      detail:
        "Forward-confirmed reverse DNS needs both directions: the PTR names a host, and that host's {rrtype} records must contain the address. Mail receivers check both.",
      fix: 'Add to {forwardFile}: {line}  (or, if the host moved, correct the PTR on line {where})',
    },
    ja: {
      title:
        '{where}: PTR {address} → {name} ですが、{name} に {address} の {rrtype} レコードがありません{seen}',
      detail:
        '正引き確認付き逆引き (FCrDNS) には両方向が必要です。PTR がホスト名を指し、そのホストの {rrtype} レコードにアドレスが含まれていなければなりません。メールの受信側は両方を確かめます。',
      fix: '{forwardFile} に追加してください: {line}  (ホストのアドレスが変わったのなら {where} の PTR を直してください)',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'set',
  run: (ctx) => {
    const p = pairsOf(ctx);
    const out = [];
    // The common case, a PTR confirmed by its A/AAAA, is decided on the stored records alone.
    const confirmed = (k: AddressKey, r: ZoneRecord) =>
      hasAddress(p, (r.data as { target: string }).target, k);
    for (let e = 0; e < p.reverse.size; e++) {
      const k = p.reverse.keyAt(e);
      const raw = p.reverse.rawAt(e);
      if (!Array.isArray(raw) && confirmed(k, raw)) continue;
      const uses = p.reverse.get(k) ?? [];
      for (const u of uses) {
        if (hasAddress(p, u.name, k)) continue;
        const fz = forwardZoneFor(p, u.name);
        if (!fz) continue;
        const has = addressesOfName(p, u.name);
        const rrtype = net.isIPv6(u.address) ? 'AAAA' : 'A';
        out.push(
          report(
            meta,
            u.record,
            {
              address: u.address,
              name: u.name,
              rrtype,
              seen: has.length ? ` (it has ${has.join(', ')})` : '',
              forwardFile: fz.zone.files[0] ?? '',
              line: zoneLine(u.name, rrtype, u.address, fz.origin),
            },
            { record: recordText(u.record), forwardAddresses: has },
            weighsForMail(p, u.name, u.address) || p.sending.has(addressKey(u.address)) ? 'fail' : 'warn',
          ),
        );
      }
    }
    return out;
  },
};
