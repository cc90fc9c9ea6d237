/**
 * DKIM public-key records (RFC 6376 §3.6.1, RFC 8463 for ed25519) at `<selector>._domainkey.<domain>`:
 * found or not, version, key type, key length, revoked (empty p=), testing (t=y), syntax.
 * mailauth parses key records only inside signature verification and exposes no parser, so the
 * tag-list reading is done here; the key itself is decoded by node:crypto.
 */
import { createPublicKey } from 'node:crypto';
import { type Finding, finding } from '../../core/findings.js';
import type { MailCheckContext, MailPart } from '../context.js';

/**
 * Selectors tried when the user names none: those of the common hosted services and signing
 * tools (Google Workspace, Microsoft 365, Mailchimp/Mandrill k1, Amazon SES-style s1/s2, cPanel,
 * opendkim/rspamd defaults) and dates some admins use.
 */
export const COMMON_DKIM_SELECTORS: readonly string[] = [
  'default',
  'google',
  'selector1',
  'selector2',
  'k1',
  'k2',
  's1',
  's2',
  'dkim',
  'mail',
  'smtp',
  'mx',
  'key1',
  'sig1',
  'everlytickey1',
  'mandrill',
];

/** RFC 8301: RSA keys under 1024 bits must not be used; 2048 is what Gmail and Yahoo ask for. */
export const DKIM_RSA_FAIL_BITS = 1024;
export const DKIM_RSA_WARN_BITS = 2048;

export interface DkimKeyRecord {
  tags: Record<string, string>;
  version?: string;
  keyType: string;
  /** Key length in bits (RSA modulus; 256 for ed25519). */
  bits?: number;
  revoked: boolean;
  testing: boolean;
  errors: string[];
}

export interface DkimSelectorResult {
  selector: string;
  /** `<selector>._domainkey.<domain>` */
  name: string;
  status: 'found' | 'none' | 'dns-error';
  records: string[];
  key?: DkimKeyRecord;
  /** CNAMEs followed to reach the record (e.g. Microsoft 365 selector1 → …onmicrosoft.com). */
  cnames: string[];
}

export interface DkimReport {
  domain: string;
  /** Whether the selectors came from the user (true) or from COMMON_DKIM_SELECTORS (false). */
  selectorsGiven: boolean;
  selectors: DkimSelectorResult[];
}

/** Reads a DKIM key record's tag list; `p=` keeps its base64 with folding whitespace removed. */
export function parseDkimKey(text: string): DkimKeyRecord {
  const tags: Record<string, string> = {};
  const errors: string[] = [];
  const parts = text.split(';').map((p) => p.trim());
  parts.forEach((part, i) => {
    if (part === '') {
      if (i !== parts.length - 1) errors.push('empty tag between two ";"');
      return;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${part}" is not a tag=value pair`);
      return;
    }
    const name = part.slice(0, eq).trim();
    const value = part
      .slice(eq + 1)
      .replace(/\s+/g, name === 'p' ? '' : ' ')
      .trim();
    if (!/^[a-z][a-z0-9_]*$/i.test(name)) errors.push(`"${name}" is not a valid tag name`);
    if (name in tags) errors.push(`tag "${name}=" appears twice`); // §3.2: duplicate tags are an error
    tags[name] = value;
  });
  const version = tags.v;
  // §3.6.1: if v= is present it must be the first tag and be exactly "DKIM1".
  if (version !== undefined && (version !== 'DKIM1' || !/^\s*v\s*=/.test(text))) {
    errors.push(`v=${version}: must be "v=DKIM1" and come first`);
  }
  const keyType = (tags.k ?? 'rsa').toLowerCase();
  if (!('p' in tags)) errors.push('the required tag "p=" (the public key) is missing');
  const p = tags.p ?? '';
  const revoked = 'p' in tags && p === '';
  const testing = (tags.t ?? '').split(':').some((f) => f.trim().toLowerCase() === 'y');
  let bits: number | undefined;
  if (p !== '') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p)) errors.push('p= is not valid base64');
    else if (keyType === 'rsa') {
      try {
        const key = createPublicKey({ key: Buffer.from(p, 'base64'), format: 'der', type: 'spki' });
        bits = key.asymmetricKeyDetails?.modulusLength;
        if (key.asymmetricKeyType !== 'rsa') errors.push(`k=rsa but p= holds a ${key.asymmetricKeyType} key`);
      } catch {
        errors.push('p= does not decode to an RSA public key');
      }
    } else if (keyType === 'ed25519') {
      // RFC 8463 §4.2: p= is the raw 32-byte Ed25519 public key, not an SPKI structure.
      if (Buffer.from(p, 'base64').length === 32) bits = 256;
      else errors.push('an ed25519 p= must be 32 bytes (the raw public key)');
    } else {
      errors.push(`k=${keyType}: unknown key type (rsa or ed25519)`);
    }
  }
  return {
    tags,
    ...(version !== undefined ? { version } : {}),
    keyType,
    ...(bits ? { bits } : {}),
    revoked,
    testing,
    errors,
  };
}

async function lookupSelector(ctx: MailCheckContext, selector: string): Promise<DkimSelectorResult> {
  const name = `${selector}._domainkey.${ctx.domain}`;
  const answer = await ctx.resolver.query(name, 'TXT');
  const records = answer.records.map((r) => (r.data.type === 'TXT' ? r.data.strings.join('') : ''));
  const cnames = answer.cnames.map((c) => c.text.replace(/\.$/, ''));
  const base = { selector, name, records, cnames };
  if (answer.status === 'servfail' || answer.status === 'refused' || answer.status === 'error') {
    return { ...base, status: 'dns-error' };
  }
  // A TXT at the name that is neither v=DKIM1 nor has p= is someone else's record, not a key.
  const keyText =
    records.find((r) => /^\s*v\s*=\s*DKIM1/i.test(r)) ?? records.find((r) => /(^|;)\s*p\s*=/.test(r));
  if (keyText === undefined) return { ...base, status: 'none' };
  return { ...base, status: 'found', key: parseDkimKey(keyText) };
}

function selectorFindings(
  domain: string,
  r: DkimSelectorResult,
  given: boolean,
  anyFound: boolean,
): Finding[] {
  const at = { selector: r.selector, name: r.name, domain };
  const ev = { name: r.name, records: r.records, ...(r.cnames.length ? { cnames: r.cnames } : {}) };
  if (r.status === 'dns-error') return [finding('mail.dkim.dns-error', 'warn', at, ev)];
  // With no key at all, one mail.dkim.none says it; a named selector missing beside others is its own finding.
  if (r.status === 'none')
    return given && anyFound ? [finding('mail.dkim.selector-missing', 'fail', at, ev)] : [];
  const k = r.key as DkimKeyRecord;
  const out: Finding[] = [];
  if (k.errors.length > 0) out.push(finding('mail.dkim.syntax', 'fail', { ...at, errors: k.errors }, ev));
  if (k.revoked) return [...out, finding('mail.dkim.revoked', given ? 'fail' : 'warn', at, ev)];
  const keyAt = { ...at, keyType: k.keyType, bits: k.bits ?? 0 };
  if (k.keyType === 'rsa' && k.bits !== undefined && k.bits < DKIM_RSA_FAIL_BITS) {
    out.push(finding('mail.dkim.key-too-short', 'fail', keyAt, ev));
  } else if (k.keyType === 'rsa' && k.bits !== undefined && k.bits < DKIM_RSA_WARN_BITS) {
    out.push(finding('mail.dkim.key-short', 'warn', keyAt, ev));
  }
  if (k.testing) out.push(finding('mail.dkim.testing', 'warn', at, ev));
  if (k.errors.length === 0) out.push(finding('mail.dkim.key-found', 'ok', keyAt, ev));
  return out;
}

/**
 * Looks up the DKIM key of each selector (ctx.selectors, or COMMON_DKIM_SELECTORS) in parallel.
 *
 * @example
 *   const { findings, data } = await auditDkim({ resolver, domain: 'example.org', ips: [], selectors: ['s1'] });
 *   data.selectors[0].key?.bits; // 2048
 */
export async function auditDkim(ctx: MailCheckContext): Promise<MailPart<DkimReport>> {
  const given =
    ctx.selectors.length > 0 &&
    !(
      ctx.selectors.length === COMMON_DKIM_SELECTORS.length &&
      ctx.selectors.every((s, i) => s === COMMON_DKIM_SELECTORS[i])
    );
  const selectors = [...new Set((given ? ctx.selectors : COMMON_DKIM_SELECTORS).map((s) => s.toLowerCase()))];
  const results = await Promise.all(selectors.map((s) => lookupSelector(ctx, s)));
  const anyFound = results.some((r) => r.status === 'found');
  const findings = results.flatMap((r) => selectorFindings(ctx.domain, r, given, anyFound));
  if (!anyFound) {
    const params = { domain: ctx.domain, selectors, count: selectors.length };
    findings.push(
      finding('mail.dkim.none', given ? 'fail' : 'warn', params, { tried: results.map((r) => r.name) }),
    );
  }
  return { findings, data: { domain: ctx.domain, selectorsGiven: given, selectors: results } };
}
