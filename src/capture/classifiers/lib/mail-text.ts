/**
 * Shared by the line-oriented mail and file-transfer classifiers (SMTP, POP3, IMAP, FTP): the
 * client's command word and the server's greeting as text. Not a classifier itself.
 */
import { type Details, type Direction, firstLine, hasAsciiNoCase } from '../classifier.js';
import { describeHello, isTlsHello } from '../tls.js';

/** True when the client line starts with one of `commands` (lower case, with trailing space if any). */
export function startsWithCommand(p: Uint8Array, commands: readonly string[], offset = 0): boolean {
  for (const c of commands) if (hasAsciiNoCase(p, c, offset)) return true;
  return false;
}

/** True when `p` starts with a three-digit reply code (`220`, `554`). */
export function hasReplyCode(p: Uint8Array): boolean {
  if (p.length < 4) return false;
  for (let i = 0; i < 3; i++) if (p[i]! < 0x30 || p[i]! > 0x39) return false;
  return p[3] === 0x20 || p[3] === 0x2d || p[3] === 0x0d;
}

/** The greeting line, for `details.banner`. */
export function greeting(p: Uint8Array): string {
  return firstLine(p, 0, 160);
}

/**
 * After STARTTLS (RFC 3207, RFC 2595, RFC 4217) the client's next segment is a TLS ClientHello:
 * read its server name and offered version, then stop describing.
 */
export function upgradedHello(p: Uint8Array, dir: Direction, details: Details): 'more' | 'done' {
  if (dir !== 'toServer' || !isTlsHello(p) || p[5] !== 1) return 'more';
  describeHello(p, details);
  return 'done';
}
