/**
 * The missing trailing dot: `PTR mail.example.org` in 2.0.192.in-addr.arpa becomes
 * `mail.example.org.2.0.192.in-addr.arpa.`, and `MX 10 mail.example.org` in example.org becomes
 * `mail.example.org.example.org.`. named loads both without a word. Found where a name inside the
 * zone ends with the zone's own name again, sits under .arpa as a PTR target, or carries a
 * public top-level domain (tldts) before the zone's name.
 */
import { tldts } from '../../../core/lazy-libraries.js';
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { isSubdomain, nameKey, zoneLine } from '../lint/view.js';
import type { ZoneRecord } from '../model.js';

const meta = {
  id: 'zone.name.missing-dot',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {name} lacks its trailing dot and became {became}',
      detail:
        'A name without a final dot is relative: the zone name is appended to it. named loads this silently, and the record points at a name that does not exist.',
      fix: 'Write the name with a trailing dot: {line}',
    },
    ja: {
      title: '{where}: {name} の末尾にドットがなく、{became} になっています',
      detail:
        '末尾にドットのない名前は相対名で、ゾーン名が後ろに付きます。named は何も言わずに読み込み、レコードは存在しない名前を指します。',
      fix: '名前の末尾にドットを付けてください: {line}',
    },
  },
} as const;

/** The name the writer meant, when `name` looks like a full name with the origin appended. */
export function missingDot(name: string, origin: string, ptrTarget: boolean): string | undefined {
  if (origin === '.' || name.length <= origin.length || !isSubdomain(name, origin)) return undefined;
  const relLength = name.length - origin.length - 1;
  if (!ptrTarget && relLength < origin.length - 1) {
    // Shorter than the zone's name, so neither the zone's name nor below it: only a public domain
    // written without its dot (two labels or more, not ending in a digit) is left, as below.
    const last = name.charCodeAt(relLength - 1);
    if (last >= 0x30 && last <= 0x39) return undefined;
    const dot = name.indexOf('.');
    if (dot < 0 || dot >= relLength) return undefined;
  }
  const rel = name.slice(0, relLength);
  const originKey = nameKey(origin);
  if (ptrTarget && originKey.endsWith('.arpa.')) return `${rel}.`;
  const originRel = originKey.slice(0, -1);
  // One label (most owners) can only be the zone's own name again (`example.example.`).
  if (!rel.includes('.')) return nameKey(rel) === originRel ? `${rel}.` : undefined;
  const relKey = nameKey(rel);
  if (relKey === originRel || relKey.endsWith(`.${originRel}`)) return `${rel}.`;
  if (rel.includes('\\') || /[0-9]$/.test(rel)) return undefined;
  const p = tldts().parse(rel, { allowPrivateDomains: false });
  return p.isIcann && p.domain && p.domain !== rel.split('.').pop() ? `${rel}.` : undefined;
}

function nameTarget(r: ZoneRecord): string | undefined {
  const d = r.data as Record<string, unknown>;
  if (r.type === 'PTR' || r.type === 'CNAME' || r.type === 'NS' || r.type === 'DNAME' || r.type === 'SRV')
    return d.target as string;
  if (r.type === 'MX') return d.exchange as string;
  return undefined;
}

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const out = [];
    for (const r of view.records) {
      const t = nameTarget(r);
      const meant = t && missingDot(t, view.origin, r.type === 'PTR');
      if (t && meant) {
        const rdata = r.rdata.replace(/\S+$/, meant);
        out.push(
          report(
            meta,
            r,
            { name: meant.slice(0, -1), became: t, line: zoneLine(r.owner, r.type, rdata, view.origin) },
            { record: recordText(r) },
            r.type === 'PTR' || r.type === 'MX' || r.type === 'NS' ? 'fail' : 'warn',
          ),
        );
      }
      const ownerMeant = missingDot(r.owner, view.origin, false);
      if (ownerMeant && r.type !== 'SOA') {
        out.push(
          report(
            meta,
            r,
            {
              name: ownerMeant.slice(0, -1),
              became: r.owner,
              line: `${ownerMeant}  IN ${r.type} ${r.rdata}`,
            },
            { record: recordText(r), owner: true },
            'warn',
          ),
        );
      }
    }
    return out;
  },
};
