/**
 * Reading a signer's private key, only to derive its public half: PEM (PKCS#8 as `keygen` and
 * `openssl genpkey` write it, PKCS#1 as `opendkim-genkey` writes it), DER, or the bare base64
 * Ed25519 seed (32 bytes) or seed+public key (64 bytes) that rspamd and libsodium use. The key
 * material stays in this module: callers get the public value and the file's mode, nothing else.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import { NetdoctorError } from '../../core/errors.js';
import { MiB, readFailureReason, readInput } from '../../core/input.js';
import { DKIM_ERRORS } from './error-messages.js';
import { type DkimKeyType, publicKeyValue } from './keygen.js';

export interface SignerKey {
  file: string;
  type: DkimKeyType;
  bits: number;
  /** The public key as a record's p= would carry it. */
  publicKey: string;
  /** The file's permission bits (e.g. 0o600). */
  mode: number;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyOf(bytes: Buffer): KeyObject | undefined {
  const text = bytes.toString('latin1').trim();
  const attempts: (() => KeyObject)[] = [];
  if (text.includes('-----BEGIN')) attempts.push(() => createPrivateKey(text));
  else if (/^[A-Za-z0-9+/=\s]+$/.test(text)) {
    const raw = Buffer.from(text.replace(/\s+/g, ''), 'base64');
    if (raw.length === 32 || raw.length === 64) {
      const seed = raw.subarray(0, 32);
      attempts.push(() =>
        createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
      );
    }
  }
  for (const type of ['pkcs8', 'pkcs1'] as const)
    attempts.push(() => createPrivateKey({ key: bytes, format: 'der', type }));
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // the next form
    }
  }
  return undefined;
}

/** Reads the private key in `file` and returns its public value; throws naming the file. */
export async function readSignerKey(file: string): Promise<SignerKey> {
  let bytes: Buffer;
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
    bytes = await readInput(file, { maxBytes: MiB });
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', DKIM_ERRORS.cannotReadKey, {
      input: file,
      params: { reason: readFailureReason(e) },
      cause: e,
    });
  }
  const key = privateKeyOf(bytes);
  const type = key?.asymmetricKeyType;
  if (!key || (type !== 'rsa' && type !== 'ed25519'))
    throw new NetdoctorError('ND_INPUT_FORMAT', DKIM_ERRORS.notPrivateKey, { input: file });
  const pub = createPublicKey(key);
  return {
    file,
    type,
    bits: type === 'rsa' ? (pub.asymmetricKeyDetails?.modulusLength ?? 0) : 256,
    publicKey: publicKeyValue(pub),
    mode,
  };
}
