/**
 * A CNAME is the only data its name may have (RFC 1034 §3.6.2, RFC 2181 §10.1): named refuses
 * "CNAME and other data" and a second CNAME. DNSSEC's RRSIG/NSEC (and KEY, which BIND 9.18 still
 * allows; RFC 2535's SIG/NXT it refuses) may sit next to it.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { relativeName } from '../name.js';

const ALLOWED = new Set(['CNAME', 'RRSIG', 'NSEC', 'KEY']);

const meta = {
  id: 'zone.cname.other-data',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {name} has a CNAME and other data ({types})',
      detail:
        'A name with a CNAME may have nothing else (RFC 1034 §3.6.2); named refuses to load the zone ("CNAME and other data").',
      fix: 'Keep one: delete the CNAME on line {where} and give {name} its own records, or delete the other records of {name} (lines {lines}).',
    },
    ja: {
      title: '{where}: {name} に CNAME と他のデータ ({types}) があります',
      detail:
        'CNAME のある名前には他のレコードを置けません (RFC 1034 §3.6.2)。named はゾーンを読み込みません ("CNAME and other data")。',
      fix: 'どちらか一方にしてください: {where} の CNAME を削除して {name} に直接レコードを書くか、{name} の他のレコード ({lines} 行目) を削除してください。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const [, list] of view.byOwner.withType('CNAME')) {
      const cnames = list.filter((r) => r.type === 'CNAME');
      const cname = cnames[0];
      if (!cname) continue;
      const others = list.filter((r) => !ALLOWED.has(r.type) || (r.type === 'CNAME' && r !== cname));
      if (!others.length) continue;
      out.push(
        report(
          meta,
          cname,
          {
            name: relativeName(cname.owner, view.origin),
            types: [...new Set(others.map((r) => r.type))],
            lines: others.map((r) => r.line),
          },
          { record: recordText(cname), others: others.map(recordText), bindRefuses: true },
        ),
      );
    }
    return out;
  },
};
