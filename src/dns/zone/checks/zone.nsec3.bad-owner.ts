/**
 * An NSEC3 record's owner is the hash of a name (RFC 5155 §3): its first label must be base32hex
 * without padding. BIND's check-names refuses any other owner (`bad owner name (check-names)`),
 * e.g. a hash written with `=` padding or an NSEC3 at an ordinary name.
 */
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { relativeName } from '../name.js';
import { base32hexBytes } from '../rdata-special.js';

const meta = {
  id: 'zone.nsec3.bad-owner',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: NSEC3 owner {name} is not a base32hex hash',
      detail:
        "An NSEC3 record is named after a hashed owner name: its first label must be base32hex without '=' padding. named's check-names refuses the zone.",
      fix: 'Re-sign the zone (dnssec-signzone or named) rather than editing NSEC3 records by hand, or remove line {where}.',
    },
    ja: {
      title: '{where}: NSEC3 の名前 {name} が base32hex のハッシュではありません',
      detail:
        'NSEC3 レコードの名前はハッシュ化した名前で、最初のラベルは「=」の埋め草なしの base32hex でなければなりません。named の check-names はこのゾーンを読み込みません。',
      fix: 'NSEC3 を手で編集せずにゾーンを署名し直す (dnssec-signzone または named) か、{where} の行を削除してください。',
    },
  },
} as const;

/** The first label of an absolute name as written (escapes kept; a hash label has none). */
const firstLabel = (name: string) => /^((?:[^.\\]|\\.)*)/.exec(name)?.[1] ?? '';

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    view.records
      .filter((r) => r.type === 'NSEC3' && !base32hexBytes(firstLabel(r.owner)))
      .map((r) =>
        report(
          meta,
          r,
          { name: relativeName(r.owner, view.origin) },
          { record: recordText(r), bindRefuses: true },
        ),
      ),
};
