/**
 * The one reader of DKIM key records (RFC 6376 §3.6.1, RFC 8463 for ed25519) at
 * `<selector>._domainkey.<domain>`, and the findings about one selector. Two callers, one
 * judgement: `mail audit` (auth/dkim.ts) and `mail dkim check` (dkim/check.ts) both look a
 * selector up with `lookupDkimSelector` and judge it with `dkimSelectorFindings`, so they never
 * disagree. The zone linter reads TXT records with `parseDkimRecord` too.
 *
 * Hand-written: mailauth parses key records only inside signature verification and exposes no
 * parser, and no maintained npm package reads the tag list with the details a diagnosis needs
 * (the raw character-strings, `h=`/`s=` restrictions, which tag is malformed); the key itself is
 * decoded by node:crypto.
 */
import { createPublicKey } from 'node:crypto';
import { both, type LocalParam, optionError, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import type { DnsAnswer, Resolver } from '../../dns/resolver.js';
import { DKIM_ERRORS } from './error-messages.js';

/** RFC 8301: RSA keys under 1024 bits must not be used; 2048 is what Gmail and Yahoo ask for. */
export const DKIM_RSA_FAIL_BITS = 1024;
export const DKIM_RSA_WARN_BITS = 2048;
/** RFC 1035 §3.3: a character-string holds at most 255 bytes; longer key records are split. */
export const TXT_STRING_MAX = 255;

/** A selector as the user typed it, checked and lower-cased: dot-separated labels (RFC 6376 §3.1). */
export function dkimSelector(raw: string | undefined, option = 'selector'): string {
  const s = (raw ?? '').trim().toLowerCase();
  const label = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
  if (s === '') throw optionError(DKIM_ERRORS.selectorMissing, option);
  if (s.length > 200 || !s.split('.').every((l) => label.test(l)))
    throw usageError(DKIM_ERRORS.selector, raw);
  return s;
}

export interface DkimKeyRecord {
  tags: Record<string, string>;
  version?: string;
  /** `k=`, lower-case (default `rsa`). */
  keyType: string;
  /** Key length in bits (RSA modulus; 256 for ed25519). */
  bits?: number;
  /** `p=` with folding whitespace removed ('' when revoked). */
  publicKey: string;
  /** Empty `p=`: the key was withdrawn (§3.6.1). */
  revoked: boolean;
  /** `t=y`: the domain is testing DKIM. */
  testing: boolean;
  /** `t=s`: the `i=` domain must be exactly `d=`, not a subdomain. */
  strict: boolean;
  /** `h=`: the hash algorithms the key may be used with (empty: any). */
  hashes: string[];
  /** `s=`: the service types (default `*`). */
  services: string[];
  /** `n=`: notes for humans. */
  notes?: string;
  /** The record's character-strings as published (one element when only the joined text is known). */
  strings: string[];
  /** Indexes (0-based) and byte lengths of strings over 255 bytes. */
  longStrings: { index: number; bytes: number }[];
  /** What is malformed, in English (the zone linter's words). */
  errors: string[];
  /** The same, in every language. */
  problems: LocalParam[];
}

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(':')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Reads a DKIM key record: the character-strings of one TXT record (`["v=DKIM1; k=rsa; p=MIIB…",
 * "…"]`), or its joined text. `p=` keeps its base64 with folding whitespace removed.
 *
 * @example
 *   parseDkimRecord(['v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=']).bits; // 256
 */
export function parseDkimRecord(input: string | readonly string[]): DkimKeyRecord {
  const strings = typeof input === 'string' ? [input] : [...input];
  const text = strings.join('');
  const longStrings =
    typeof input === 'string'
      ? []
      : strings
          .map((s, index) => ({ index, bytes: Buffer.byteLength(s, 'utf8') }))
          .filter((s) => s.bytes > TXT_STRING_MAX);
  const tags: Record<string, string> = {};
  const problems: LocalParam[] = [];
  const bad = (en: string, ja: string) => problems.push(both(en, ja));
  const parts = text.split(';').map((p) => p.trim());
  parts.forEach((part, i) => {
    if (part === '') {
      if (i !== parts.length - 1) bad('empty tag between two ";"', '2 つの ";" の間に空のタグがあります');
      return;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) {
      bad(
        `"${part.slice(0, 60)}" is not a tag=value pair`,
        `「${part.slice(0, 60)}」は タグ=値 の形ではありません`,
      );
      return;
    }
    const name = part.slice(0, eq).trim();
    const value = part
      .slice(eq + 1)
      .replace(/\s+/g, name === 'p' ? '' : ' ')
      .trim();
    if (!/^[a-z][a-z0-9_]*$/i.test(name))
      bad(`"${name.slice(0, 60)}" is not a valid tag name`, `「${name.slice(0, 60)}」はタグ名として不正です`);
    if (name in tags) bad(`tag "${name}=" appears twice`, `タグ「${name}=」が 2 回あります`); // §3.2: duplicate tags are an error
    tags[name] = value;
  });
  const version = tags.v;
  // §3.6.1: if v= is present it must be the first tag and be exactly "DKIM1".
  if (version !== undefined && (version !== 'DKIM1' || !/^\s*v\s*=/.test(text))) {
    bad(
      `v=${version}: must be "v=DKIM1" and come first`,
      `v=${version}: 先頭に「v=DKIM1」と書く必要があります`,
    );
  }
  const keyType = (tags.k ?? 'rsa').toLowerCase();
  if (!('p' in tags))
    bad('the required tag "p=" (the public key) is missing', '必須のタグ「p=」(公開鍵) がありません');
  const p = tags.p ?? '';
  const revoked = 'p' in tags && p === '';
  const flags = splitList(tags.t);
  let bits: number | undefined;
  if (p !== '') {
    if (p.includes('"')) {
      // A record pasted with its zone-file quotes into one string: `p=MIIB…" "…`.
      bad(
        'p= contains quote characters: the record was split with its quotes pasted inside one string',
        'p= に引用符が含まれています。レコードを分割したときの引用符が文字列の中に貼り込まれています',
      );
    } else if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p))
      bad('p= is not valid base64', 'p= が正しい base64 ではありません');
    else if (keyType === 'rsa') {
      const key = rsaKeyOf(p);
      if (key === undefined)
        bad('p= does not decode to an RSA public key', 'p= を RSA 公開鍵として読めません');
      else if (key.asymmetricKeyType !== 'rsa')
        bad(
          `k=rsa but p= holds a ${key.asymmetricKeyType} key`,
          `k=rsa なのに p= は ${key.asymmetricKeyType} の鍵です`,
        );
      else bits = key.asymmetricKeyDetails?.modulusLength;
    } else if (keyType === 'ed25519') {
      // RFC 8463 §4.2: p= is the raw 32-byte Ed25519 public key, not an SPKI structure.
      if (Buffer.from(p, 'base64').length === 32) bits = 256;
      else
        bad(
          'an ed25519 p= must be 32 bytes (the raw public key)',
          'ed25519 の p= は 32 バイト (公開鍵そのもの) でなければなりません',
        );
    } else {
      bad(
        `k=${keyType}: unknown key type (rsa or ed25519)`,
        `k=${keyType}: 不明な鍵の種類です (rsa または ed25519)`,
      );
    }
  }
  return {
    tags,
    ...(version !== undefined ? { version } : {}),
    keyType,
    ...(bits ? { bits } : {}),
    publicKey: p,
    revoked,
    testing: flags.includes('y'),
    strict: flags.includes('s'),
    hashes: splitList(tags.h),
    services: tags.s === undefined ? ['*'] : splitList(tags.s),
    ...(tags.n !== undefined ? { notes: tags.n } : {}),
    strings,
    longStrings,
    errors: problems.map((e) => e.en),
    problems,
  };
}

/** Reads the joined text of a key record (no string lengths known): the zone linter's entry. */
export function parseDkimKey(text: string): DkimKeyRecord {
  return parseDkimRecord(text);
}

/** An RSA `p=` as a public key: SubjectPublicKeyInfo (RFC 6376 §3.6.1), or a bare RSAPublicKey some tools publish. */
export function rsaKeyOf(p: string): ReturnType<typeof createPublicKey> | undefined {
  const der = Buffer.from(p, 'base64');
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

export interface DkimSelectorResult {
  selector: string;
  /** `<selector>._domainkey.<domain>` */
  name: string;
  status: 'found' | 'none' | 'dns-error';
  /** Each TXT record at the name, its strings joined. */
  records: string[];
  /** Each TXT record's character-strings, as served. */
  rawRecords: string[][];
  key?: DkimKeyRecord;
  /** CNAMEs followed to reach the record (e.g. Microsoft 365 selector1 → …onmicrosoft.com). */
  cnames: string[];
  /** The TTL of the key record, seconds. */
  ttl?: number;
}

const isKeyText = (r: string) => /^\s*v\s*=\s*DKIM1/i.test(r) || /(^|;)\s*p\s*=/.test(r);

/** Judges the TXT records found at a selector's name (from DNS, or as written for a zone). */
export function selectorFromRecords(
  selector: string,
  name: string,
  rawRecords: string[][],
  extra: { cnames?: string[]; ttl?: number } = {},
): DkimSelectorResult {
  const records = rawRecords.map((s) => s.join(''));
  const base = { selector, name, records, rawRecords, cnames: extra.cnames ?? [] };
  const ttl = extra.ttl !== undefined ? { ttl: extra.ttl } : {};
  // A TXT at the name that is neither v=DKIM1 nor has p= is someone else's record, not a key.
  const versioned = records.findIndex((r) => /^\s*v\s*=\s*DKIM1/i.test(r));
  const at = versioned >= 0 ? versioned : records.findIndex((r) => /(^|;)\s*p\s*=/.test(r));
  if (at < 0) return { ...base, status: 'none' };
  return { ...base, ...ttl, status: 'found', key: parseDkimRecord(rawRecords[at] as string[]) };
}

/** Looks up one selector's key record through the run's resolver. */
export async function lookupDkimSelector(
  resolver: Resolver,
  domain: string,
  selector: string,
): Promise<DkimSelectorResult> {
  const name = `${selector}._domainkey.${domain}`;
  const answer: DnsAnswer = await resolver.query(name, 'TXT');
  const txt = answer.records.filter((r) => r.data.type === 'TXT');
  // Servers rotate the order of an RRset (BIND's rrset-order): sorted, two runs report the same.
  const raw = txt
    .map((r) => (r.data.type === 'TXT' ? r.data.strings : []))
    .sort((a, b) => (a.join('') < b.join('') ? -1 : a.join('') > b.join('') ? 1 : 0));
  const cnames = answer.cnames.map((c) => c.text.replace(/\.$/, ''));
  if (answer.status === 'servfail' || answer.status === 'refused' || answer.status === 'error') {
    return {
      selector,
      name,
      status: 'dns-error',
      records: raw.map((s) => s.join('')),
      rawRecords: raw,
      cnames,
    };
  }
  const ttl = txt[0]?.ttl;
  return selectorFromRecords(selector, name, raw, { cnames, ...(ttl !== undefined ? { ttl } : {}) });
}

export interface SelectorJudgement {
  domain: string;
  /** The selector was named by the user (a missing or revoked key is then a failure). */
  given: boolean;
  /** Some other selector of the domain has a key (a missing one is then `selector-missing`). */
  anyFound: boolean;
}

/**
 * The findings about one selector's record: missing, unreadable, malformed, revoked, weak,
 * testing, restricted to SHA-1 or to another service, split wrongly — or found and usable.
 */
export function dkimSelectorFindings(r: DkimSelectorResult, j: SelectorJudgement): Finding[] {
  const at = { selector: r.selector, name: r.name, domain: j.domain };
  const ev = { name: r.name, records: r.records, ...(r.cnames.length ? { cnames: r.cnames } : {}) };
  if (r.status === 'dns-error') return [finding('mail.dkim.dns-error', 'warn', at, ev)];
  // With no key at all, one mail.dkim.none says it; a named selector missing beside others is its own finding.
  if (r.status === 'none')
    return j.given && j.anyFound ? [finding('mail.dkim.selector-missing', 'fail', at, ev)] : [];
  const k = r.key as DkimKeyRecord;
  const out: Finding[] = [];
  const keyLike = r.records.filter(isKeyText);
  if (r.records.length > 1 && keyLike.length >= 1) {
    // §3.6.2.2: with several records the result is undefined; usually one key split into several records.
    out.push(finding('mail.dkim.split-records', 'fail', { ...at, count: r.records.length }, ev));
  }
  for (const s of k.longStrings) {
    const sev = { ...at, index: s.index + 1, bytes: s.bytes, max: TXT_STRING_MAX };
    out.push(finding('mail.dkim.string-too-long', 'fail', sev, { ...ev, strings: r.rawRecords }));
  }
  if (k.problems.length > 0) {
    const errors = both(k.problems.map((e) => e.en).join('; '), k.problems.map((e) => e.ja).join('、'));
    out.push(finding('mail.dkim.syntax', 'fail', { ...at, errors }, ev));
  }
  if (k.revoked) return [...out, finding('mail.dkim.revoked', j.given ? 'fail' : 'warn', at, ev)];
  const keyAt = { ...at, keyType: k.keyType, bits: k.bits ?? 0 };
  if (k.keyType === 'rsa' && k.bits !== undefined && k.bits < DKIM_RSA_FAIL_BITS) {
    out.push(finding('mail.dkim.key-too-short', 'fail', keyAt, ev));
  } else if (k.keyType === 'rsa' && k.bits !== undefined && k.bits < DKIM_RSA_WARN_BITS) {
    out.push(finding('mail.dkim.key-short', 'warn', keyAt, ev));
  }
  if (k.hashes.length > 0 && !k.hashes.includes('sha256')) {
    // RFC 8301 §3.1: signers must use rsa-sha256; a key limited to sha1 verifies no current signature.
    out.push(finding('mail.dkim.hash-sha1', 'fail', { ...at, hashes: k.hashes }, ev));
  }
  if (!k.services.includes('*') && !k.services.includes('email')) {
    out.push(finding('mail.dkim.service-not-email', 'fail', { ...at, services: k.services }, ev));
  }
  if (k.testing) out.push(finding('mail.dkim.testing', 'warn', at, ev));
  const split = out.some((f) => f.id === 'mail.dkim.split-records' || f.id === 'mail.dkim.string-too-long');
  if (k.errors.length === 0 && !split) out.push(finding('mail.dkim.key-found', 'ok', keyAt, ev));
  return out;
}
