/**
 * A new DKIM key pair (node:crypto): the private key written to a file of mode 0600 that did not
 * exist before, and everything to publish and use it — the zone record split into strings of at
 * most 255 bytes, OpenDKIM's KeyTable and SigningTable lines, rspamd's dkim_signing maps, and the
 * commands that reload each. The private key never leaves the file: it is in no returned value.
 *
 * @example
 *   const k = generateDkimKey({ domain: 'example.org', selector: 's2026', outDir: '/etc/opendkim/keys/example.org' });
 *   k.zoneRecord; // s2026._domainkey.example.org. IN TXT ( "v=DKIM1; k=rsa; p=MIIBIjAN…" "…" )
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  openSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { both, NetdoctorError, optionError, systemCode } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { domainArgument } from '../audit.js';
import { DKIM_ERRORS } from './error-messages.js';
import { dkimSelector, TXT_STRING_MAX } from './record.js';

export type DkimKeyType = 'rsa' | 'ed25519';
export const DKIM_KEY_TYPES: readonly DkimKeyType[] = ['rsa', 'ed25519'];
export const DKIM_RSA_BITS = { min: 1024, max: 4096, default: 2048 } as const;

export interface DkimKeygenOptions {
  /** The signing domain (d=), lower-case, without a trailing dot. */
  domain: string;
  selector: string;
  /** Default rsa. */
  type?: DkimKeyType;
  /** RSA modulus length (1024-4096, multiple of 8; default 2048). */
  bits?: number;
  /** The folder the private key is written to (must exist); default the current folder. */
  outDir?: string;
}

/** What a signer needs to be told about one key. */
export interface SignerConfig {
  opendkim: {
    /** The line for /etc/opendkim/KeyTable. */
    keyTable: string;
    /** The line for /etc/opendkim/SigningTable (refile: form). */
    signingTable: string;
    /** The opendkim.conf lines that make it read those tables. */
    conf: string[];
    reload: string[];
  };
  rspamd: {
    /** local.d/dkim_signing.conf lines. */
    conf: string[];
    /** The line for the selector map (`domain selector`). */
    selectorMap: string;
    /** The line for the path map (`domain /path/to/key`). */
    pathMap: string;
    reload: string[];
  };
}

export interface DkimRecord {
  /** `<selector>._domainkey.<domain>` */
  name: string;
  /** The record's text, joined. */
  value: string;
  /** The character-strings, each at most 255 bytes. */
  strings: string[];
  /** The zone-file line: `name. IN TXT ( "…" "…" )`. */
  zoneRecord: string;
}

export interface DkimKeygenResult extends DkimRecord, SignerConfig {
  findings: Finding[];
  domain: string;
  selector: string;
  type: DkimKeyType;
  bits: number;
  /** The private key file (absolute), created with mode 0600. */
  privateKeyFile: string;
  /** The `p=` value (public key, base64). */
  publicKey: string;
  /** Commands to run after writing the file and editing the zone. */
  commands: string[];
}

/** Splits `text` into strings of at most `max` bytes (ASCII record text: bytes = characters). */
export function splitTxt(text: string, max = TXT_STRING_MAX): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += max) out.push(text.slice(i, i + max));
  return out.length ? out : [''];
}

/** The zone-file text of a TXT record: one string on one line, several inside parentheses. */
export function zoneTxt(name: string, strings: readonly string[], ttl?: number): string {
  const quoted = strings.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`);
  const head = `${name}.${ttl !== undefined ? ` ${ttl}` : ''} IN TXT`;
  if (quoted.length === 1) return `${head} ${quoted[0]}`;
  return `${head} ( ${quoted.join('\n\t')} )`;
}

/** The record for a public key: `v=DKIM1; k=…; p=…`, split for the zone. */
export function dkimRecordFor(domain: string, selector: string, type: DkimKeyType, p: string): DkimRecord {
  const name = `${selector}._domainkey.${domain}`;
  const value = `v=DKIM1; k=${type}; p=${p}`;
  const strings = splitTxt(value);
  return { name, value, strings, zoneRecord: zoneTxt(name, strings) };
}

/** The revocation record (RFC 6376 §3.6.1: an empty p= withdraws the key). */
export function revokedRecordFor(domain: string, selector: string): DkimRecord {
  const name = `${selector}._domainkey.${domain}`;
  const value = 'v=DKIM1; p=';
  return { name, value, strings: [value], zoneRecord: zoneTxt(name, [value]) };
}

/** The published form of a public key: SPKI DER for RSA, the raw 32 bytes for ed25519 (RFC 8463 §4.2). */
export function publicKeyValue(key: KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  if (key.asymmetricKeyType === 'ed25519') return der.subarray(der.length - 32).toString('base64');
  return der.toString('base64');
}

/** The signer configuration lines for a key at `keyFile`. */
export function signerConfig(domain: string, selector: string, keyFile: string): SignerConfig {
  const name = `${selector}._domainkey.${domain}`;
  return {
    opendkim: {
      keyTable: `${name} ${domain}:${selector}:${keyFile}`,
      signingTable: `*@${domain} ${name}`,
      conf: ['KeyTable file:/etc/opendkim/KeyTable', 'SigningTable refile:/etc/opendkim/SigningTable'],
      reload: [`chown opendkim:opendkim ${keyFile}`, 'systemctl reload opendkim'],
    },
    rspamd: {
      conf: ['selector_map = "/etc/rspamd/dkim_selectors.map";', 'path_map = "/etc/rspamd/dkim_paths.map";'],
      selectorMap: `${domain} ${selector}`,
      pathMap: `${domain} ${keyFile}`,
      reload: [`chown _rspamd:_rspamd ${keyFile}`, 'rspamadm configtest && systemctl reload rspamd'],
    },
  };
}

/**
 * Writes `pem` to `file`, which must not exist: first to a temporary name created with
 * O_CREAT|O_EXCL and mode 0600 (never readable by others, not even for an instant), then linked
 * to `file` (link() fails rather than replace an existing file), so `file` appears complete.
 */
function writePrivateKey(file: string, pem: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, flags, 0o600);
    writeSync(fd, pem);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    linkSync(tmp, file);
  } catch (e) {
    const code = systemCode(e);
    throw new NetdoctorError(
      code === 'EEXIST' ? 'ND_USAGE' : 'ND_INPUT_UNREADABLE',
      DKIM_ERRORS.cannotWriteKey,
      {
        input: file,
        params: {
          reason:
            code === 'EEXIST'
              ? both('the file exists; it is never overwritten', 'ファイルが既にあります。上書きはしません')
              : (code ?? String(e)),
        },
        cause: e,
      },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}

/** Generates a key pair, writes the private key (0600, refusing to overwrite) and returns the rest. */
export function generateDkimKey(input: DkimKeygenOptions): DkimKeygenResult {
  const options = { ...input, domain: domainArgument(input.domain), selector: dkimSelector(input.selector) };
  const type = options.type ?? 'rsa';
  if (!DKIM_KEY_TYPES.includes(type)) throw optionError(DKIM_ERRORS.keyType, 'type', { value: String(type) });
  const bits = type === 'ed25519' ? 256 : (options.bits ?? DKIM_RSA_BITS.default);
  if (
    type === 'rsa' &&
    (!Number.isInteger(bits) || bits < DKIM_RSA_BITS.min || bits > DKIM_RSA_BITS.max || bits % 8 !== 0)
  ) {
    throw optionError(DKIM_ERRORS.bits, 'bits', { value: bits, ...DKIM_RSA_BITS });
  }
  if (type === 'ed25519' && options.bits !== undefined && options.bits !== 256)
    throw optionError(DKIM_ERRORS.ed25519Bits, 'bits', { value: options.bits });
  const dir = path.resolve(options.outDir ?? '.');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new NetdoctorError('ND_USAGE', DKIM_ERRORS.notDirectory, { input: dir });
  const file = path.join(dir, `${options.selector}.private`);
  const pair =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: bits }) : generateKeyPairSync('ed25519');
  writePrivateKey(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const publicKey = publicKeyValue(pair.publicKey);
  const record = dkimRecordFor(options.domain, options.selector, type, publicKey);
  const signer = signerConfig(options.domain, options.selector, file);
  return {
    findings: [
      finding('mail.dkim.key-written', 'ok', {
        file,
        selector: options.selector,
        name: record.name,
        keyType: type,
        bits,
      }),
    ],
    domain: options.domain,
    selector: options.selector,
    type,
    bits,
    privateKeyFile: file,
    publicKey,
    ...record,
    ...signer,
    commands: [
      `netdoctor dns lint <zone file of ${options.domain}>   # after adding the record and raising the SOA serial`,
      `rndc reload ${options.domain}`,
      `netdoctor mail dkim check ${options.domain} --selector ${options.selector} --key ${file}`,
    ],
  };
}
