/**
 * CDS and CDNSKEY (RFC 7344) ask the parent to publish the zone's keys; named refuses a zone whose
 * CDS/CDNSKEY set names an algorithm for which none of the records matches a DNSKEY at the apex
 * (BIND's dns_zone_cdscheck): a CDS must be the digest of a DNSKEY, a CDNSKEY a copy of one.
 * Delete requests (algorithm 0, RFC 8078 §4) and CDS digest types BIND cannot compute are skipped,
 * as BIND skips them.
 */
import { createHash } from 'node:crypto';
import type { ZoneCheck } from '../lint/check.js';
import { recordText, report } from '../lint/check.js';
import { nameKey } from '../lint/view.js';
import type { ZoneRecord } from '../model.js';
import { nameLabels } from '../name.js';

const meta = {
  id: 'zone.cds.mismatch',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {type} for algorithm {algorithm} matches no DNSKEY of {zone}',
      detail:
        'A CDS must be the digest of one of the DNSKEY records at the top of the zone and a CDNSKEY a copy of one; otherwise the parent would be asked to publish a key the zone does not have, so named refuses the zone.',
      fix: 'Regenerate the {type} records from the current DNSKEY set (dnssec-dsfromkey -C), or remove line {where}.',
    },
    ja: {
      title: '{where}: アルゴリズム {algorithm} の {type} がゾーン {zone} のどの DNSKEY とも一致しません',
      detail:
        'CDS はゾーン頂点の DNSKEY のいずれかのダイジェスト、CDNSKEY はそのいずれかの写しでなければなりません。そうでないと存在しない鍵の登録を親ゾーンに求めることになるため、named はゾーンを読み込みません。',
      fix: '現在の DNSKEY から {type} を作り直す (dnssec-dsfromkey -C) か、{where} の行を削除してください。',
    },
  },
} as const;

/** DNSKEY RDATA in wire form from its canonical text (`flags protocol algorithm base64…`). */
function dnskeyWire(r: ZoneRecord): Buffer | undefined {
  const [flags, proto, alg, ...key] = r.rdata.split(' ');
  if (key.length === 0) return undefined;
  const head = Buffer.alloc(4);
  head.writeUInt16BE(Number(flags), 0);
  head[2] = Number(proto);
  head[3] = Number(alg);
  return Buffer.concat([head, Buffer.from(key.join(''), 'base64')]);
}

/** A name in canonical wire form (lowercase, RFC 4034 §6.2). */
function nameWire(name: string): Buffer {
  const parts: number[] = [];
  for (const l of nameLabels(name).labels) {
    parts.push(l.length, ...l.map((b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b)));
  }
  parts.push(0);
  return Buffer.from(parts);
}

const DIGESTS: Readonly<Record<string, string>> = { '1': 'sha1', '2': 'sha256', '4': 'sha384' };

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) => {
    const apex = view.byOwner.get(nameKey(view.origin)) ?? [];
    const keys = apex.filter((r) => r.type === 'DNSKEY');
    const keyTexts = new Set(keys.map((r) => r.rdata.replace(/ /g, '')));
    const owner = nameWire(view.origin);
    const digests = (type: string) =>
      keys.flatMap((k) => {
        const w = dnskeyWire(k);
        const [, , alg] = k.rdata.split(' ');
        if (!w) return [];
        const tag = keyTag(w);
        return [{ alg, tag, digest: createHash(type).update(owner).update(w).digest('hex').toUpperCase() }];
      });
    const out = [];
    for (const type of ['CDS', 'CDNSKEY'] as const) {
      const byAlg = new Map<string, { first: ZoneRecord; matched: boolean }>();
      for (const r of apex) {
        if (r.type !== type) continue;
        const f = r.rdata.split(' ');
        const alg = (type === 'CDS' ? f[1] : f[2]) as string;
        if (alg === '0') continue;
        let matched = false;
        if (type === 'CDNSKEY') matched = keyTexts.has(r.rdata.replace(/ /g, ''));
        else {
          const hash = DIGESTS[f[2] as string];
          if (!hash) continue;
          const want = f.slice(3).join('');
          matched = digests(hash).some((d) => d.alg === alg && String(d.tag) === f[0] && d.digest === want);
        }
        const e = byAlg.get(alg);
        if (!e) byAlg.set(alg, { first: r, matched });
        else e.matched ||= matched;
      }
      for (const [alg, e] of byAlg) {
        if (e.matched) continue;
        out.push(
          report(
            meta,
            e.first,
            { type, algorithm: alg, zone: view.origin },
            { record: recordText(e.first), bindRefuses: true },
          ),
        );
      }
    }
    return out;
  },
};

/** The key tag of a DNSKEY (RFC 4034 Appendix B). */
function keyTag(wire: Buffer): number {
  let ac = 0;
  for (let i = 0; i < wire.length; i++) ac += i & 1 ? (wire[i] as number) : (wire[i] as number) << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}
