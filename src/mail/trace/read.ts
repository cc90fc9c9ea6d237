/**
 * Reading a message for the trace commands with bounded memory: only the first `maxBytes` of a
 * file or stdin are kept (a bounce's explanation and DSN part come first; a 50 MB returned
 * attachment after them is not needed), and for `mail headers` only the header section.
 */
import { NetdoctorError } from '../../core/errors.js';
import { inputError, MiB, openInput } from '../../core/input.js';
import { MAIL_ERRORS } from '../error-messages.js';

export interface MessageHead {
  /** `-` for stdin, the path, or `(text)` for a quoted argument. */
  name: string;
  bytes: Buffer;
  /** Whether the input went on past what was kept. */
  truncated: boolean;
}

/** Default amount of a message kept for `mail explain`. */
export const DEFAULT_EXPLAIN_BYTES = 8 * MiB;
/** Default cap on a header section for `mail headers` (RFC 5322 has no limit; real ones are < 100 KiB). */
export const DEFAULT_HEADER_BYTES = 2 * MiB;

/**
 * Reads at most `maxBytes` of `path` (or stdin for `-`). With `stopAtBody`, stops at the first
 * empty line (the end of the header section, RFC 5322 §2.1), and refuses a header section longer
 * than `maxBytes` (`ND_INPUT_TOO_LARGE`, naming the `maxBytes` option): a header cut short would be read as
 * one without its `Date:` or its first `Received:`, and reported as such.
 */
export async function readMessageHead(
  path: string,
  options: { maxBytes: number; stopAtBody?: boolean; stdin?: NodeJS.ReadableStream },
): Promise<MessageHead> {
  const opened = await openInput(path, options.stdin);
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of opened.stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      chunks.push(b);
      total += b.length;
      if (options.stopAtBody && headerEnd(Buffer.concat(chunks, total)) >= 0) {
        truncated = true;
        break;
      }
      if (total >= options.maxBytes) {
        if (options.stopAtBody && total > options.maxBytes) throw headerTooLarge(opened.name, options);
        truncated = true;
        break;
      }
    }
  } catch (e) {
    throw inputError(e, opened.name);
  } finally {
    if (path !== '-') opened.stream.destroy();
  }
  let bytes = Buffer.concat(chunks, total);
  if (options.stopAtBody) {
    const end = headerEnd(bytes);
    if (end >= 0) bytes = bytes.subarray(0, end);
    // No blank line within the cap and more input after it: the header section goes on.
    if (bytes.length > options.maxBytes || (end < 0 && truncated)) throw headerTooLarge(opened.name, options);
  }
  if (bytes.length > options.maxBytes) bytes = bytes.subarray(0, options.maxBytes);
  return { name: opened.name, bytes, truncated };
}

function headerTooLarge(input: string, options: { maxBytes: number }): NetdoctorError {
  const cap =
    options.maxBytes >= MiB
      ? `${Math.round((options.maxBytes / MiB) * 100) / 100} MiB`
      : `${options.maxBytes} bytes`;
  return new NetdoctorError('ND_INPUT_TOO_LARGE', MAIL_ERRORS.headerTooLarge, {
    input,
    option: 'maxBytes',
    params: { cap },
  });
}

/**
 * A message with bare CR line ends (classic Mac OS mail, some old gateways) read as one with LF:
 * RFC 5322 allows only CRLF, and every parser (and every pattern here) splits at LF, so without
 * this such a message is one endless header line. Decided by the majority in the first 64 KiB,
 * so that a stray CR inside an LF or CRLF message is left alone.
 */
export function normalizeLineEnds(bytes: Buffer): Buffer {
  const sample = bytes.subarray(0, 64 * 1024);
  let bareCr = 0;
  let lf = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === 0x0a) lf++;
    else if (c === 0x0d && sample[i + 1] !== 0x0a) bareCr++;
  }
  if (bareCr <= lf) return bytes;
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0x0d && out[i + 1] !== 0x0a) out[i] = 0x0a;
  }
  return out;
}

/** Offset of the blank line ending the header section, or -1. */
export function headerEnd(b: Buffer): number {
  if (b.length === 0) return -1;
  // A message may start with the empty header section (body only).
  if (b[0] === 0x0a || b[0] === 0x0d) return 0;
  const ends = [
    [b.indexOf('\n\n'), 1],
    [b.indexOf('\r\n\r\n'), 2],
    // bare CR line ends (see normalizeLineEnds)
    [b.indexOf('\r\r'), 1],
  ].filter(([at]) => (at as number) >= 0);
  if (ends.length === 0) return -1;
  return Math.min(...ends.map(([at, len]) => (at as number) + (len as number)));
}

/**
 * Refuses binary data with a clear message: NUL bytes, or many control characters in the first
 * 64 KiB. ESC is allowed (ISO-2022-JP, which Japanese carriers still send, uses it).
 */
export function assertText(bytes: Buffer, name: string): void {
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i] as number;
    if (c === 0) {
      throw new NetdoctorError('ND_INPUT_FORMAT', MAIL_ERRORS.binary, {
        input: name,
        offset: i,
      });
    }
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b && c !== 0x0c) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) {
    throw new NetdoctorError('ND_INPUT_FORMAT', MAIL_ERRORS.binary, {
      input: name,
    });
  }
}
