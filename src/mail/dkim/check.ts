/**
 * `mail dkim check`: one selector's published key record, read and judged exactly as `mail audit`
 * does (record.ts), and — given the signer's private key — whether the published public key is
 * the one that belongs to it (the classic mismatch after a half-done rotation).
 *
 * @example
 *   const r = await checkDkim(resolver, { domain: 'example.org', selector: 's2026', keyFile: 's2026.private' });
 *   r.findings.some((f) => f.id === 'mail.dkim.key-mismatch');
 */
import { internalError, NetdoctorError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import type { Resolver } from '../../dns/resolver.js';
import { decodeString } from '../../dns/zone/rdata.js';
import { domainArgument } from '../audit.js';
import { DKIM_ERRORS } from './error-messages.js';
import { readSignerKey, type SignerKey } from './private-key.js';
import {
  type DkimKeyRecord,
  type DkimSelectorResult,
  dkimSelector,
  dkimSelectorFindings,
  lookupDkimSelector,
  rsaKeyOf,
  selectorFromRecords,
} from './record.js';

export interface DkimCheckOptions {
  domain: string;
  selector: string;
  /** The signer's private key file: compared with the published public key. */
  keyFile?: string;
  /**
   * The record as written for the zone (`name. IN TXT ( "…" "…" )`, or the bare strings), checked
   * instead of asking DNS: before it is published, or as a DNS panel holds it.
   */
  recordText?: string;
}

export interface DkimCheckResult {
  findings: Finding[];
  domain: string;
  selector: string;
  /** Where the record came from. */
  source: 'dns' | 'text';
  result: DkimSelectorResult;
  /** The signer's key, its public half only. */
  signerKey?: Omit<SignerKey, 'publicKey'> & { matches?: boolean };
}

/** A quoted TXT string in zone-file syntax: `"…"` with `\"`, `\\` and `\DDD` escapes. */
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * The character-strings of a record written as zone-file text: every quoted string, in order; a
 * text without quotes (as pasted into a DNS panel) is one string, after any `name IN TXT`.
 */
export function recordStrings(text: string): string[] {
  const body = text.replace(/^[^"]*?\bTXT\b/i, '');
  let quoted: string[];
  try {
    quoted = [...body.matchAll(QUOTED)].map((m) => decodeString(m[1] as string));
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_FORMAT', DKIM_ERRORS.noRecord, { cause: e });
  }
  if (quoted.length > 0) return quoted;
  const bare = body.replace(/[()]/g, ' ').trim();
  if (!/\bp\s*=|\bv\s*=\s*DKIM1/i.test(bare))
    throw new NetdoctorError('ND_INPUT_FORMAT', DKIM_ERRORS.noRecord);
  return [bare];
}

/** Whether the published record carries the public half of `key`. */
export function keyMatches(record: DkimKeyRecord, key: Pick<SignerKey, 'type' | 'publicKey'>): boolean {
  if (record.keyType !== key.type || record.publicKey === '') return false;
  if (key.type === 'ed25519')
    return Buffer.from(record.publicKey, 'base64').equals(Buffer.from(key.publicKey, 'base64'));
  const published = rsaKeyOf(record.publicKey);
  const mine = rsaKeyOf(key.publicKey);
  if (!published || !mine) return false;
  const a = published.export({ format: 'jwk' });
  const b = mine.export({ format: 'jwk' });
  return a.n === b.n && a.e === b.e;
}

export async function checkDkim(
  resolver: Resolver | undefined,
  options: DkimCheckOptions,
): Promise<DkimCheckResult> {
  const domain = domainArgument(options.domain);
  const selector = dkimSelector(options.selector);
  const name = `${selector}._domainkey.${domain}`;
  const signer = options.keyFile !== undefined ? await readSignerKey(options.keyFile) : undefined;
  let result: DkimSelectorResult;
  if (options.recordText !== undefined) {
    result = selectorFromRecords(selector, name, [recordStrings(options.recordText)]);
  } else {
    if (!resolver) throw internalError('checkDkim: neither a resolver nor recordText');
    result = await lookupDkimSelector(resolver, domain, selector);
  }
  // The user named this selector: a missing or revoked key is a failure (`anyFound`: it is the only one asked).
  const findings = dkimSelectorFindings(result, { domain, given: true, anyFound: true });
  let signerKey: DkimCheckResult['signerKey'];
  if (signer) {
    const { publicKey: _public, ...shown } = signer;
    const at = { selector, name, file: signer.file, keyType: signer.type, bits: signer.bits };
    const usable = result.key && !result.key.revoked && result.key.publicKey !== '';
    if (usable) {
      const matches = keyMatches(result.key as DkimKeyRecord, signer);
      findings.push(
        finding(matches ? 'mail.dkim.key-match' : 'mail.dkim.key-mismatch', matches ? 'ok' : 'fail', at, {
          name,
          published: { keyType: result.key?.keyType, bits: result.key?.bits },
          signer: { keyType: signer.type, bits: signer.bits },
        }),
      );
      signerKey = { ...shown, matches };
    } else signerKey = shown;
    if ((signer.mode & 0o077) !== 0) {
      const mode = `0${signer.mode.toString(8)}`;
      findings.push(finding('mail.dkim.key-file-readable', 'warn', { file: signer.file, mode }, { mode }));
    }
  }
  return {
    findings,
    domain,
    selector,
    source: options.recordText !== undefined ? 'text' : 'dns',
    result,
    ...(signerKey ? { signerKey } : {}),
  };
}
