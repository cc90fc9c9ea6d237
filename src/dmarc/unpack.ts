/**
 * Bytes → reports, whatever the wrapping: plain XML or JSON, gzip, zip, an e-mail (any MIME
 * layout the big reporters use: zip or gzip attachment, application/octet-stream, inline XML),
 * nested up to a few levels. The format is recognised by content, not by file name, because
 * reporters name attachments inconsistently (`.zip` holding gzip, `.xml` with no extension).
 *
 * Caps: every decompression is capped (`maxBytes`); for zip both the sizes the archive declares
 * and the bytes actually inflated are checked, and inflation is fed in small slices so that a
 * bomb is stopped after at most one slice's worth of output (deflate expands ≤ 1032×).
 *
 * @example
 *   const reports = await reportsFromBytes(buf, 'mail.eml', { maxBytes: 64 * MiB });
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import type { ParsedMail } from 'mailparser';
import { causeText, type ErrorText, NetdoctorError } from '../core/errors.js';
import { gunzipCapped, isGzip, tooLargeError } from '../core/input.js';
import { DMARC_ERRORS as E } from './error-messages.js';
import { failureFromMail } from './failure.js';
import { parseAggregateXml, parseTlsReport } from './parse.js';
import type { DmarcReport } from './types.js';

export interface UnpackOptions {
  /** Cap on any decompressed entry, on one e-mail and on one plain file, in bytes. */
  maxBytes: number;
}

/** Reports nested deeper than this (a zip in a gzip in a mail in a zip …) are refused. */
const MAX_NESTING = 4;
/** A zip with more entries than this is refused (a DMARC zip holds one). */
const MAX_ZIP_ENTRIES = 1000;
/** Compressed bytes handed to the inflater at a time: bounds one step's output to ~16 MiB. */
const INFLATE_SLICE = 16 * 1024;

export type Wrapping = 'gzip' | 'zip' | 'xml' | 'json' | 'mail' | 'mbox' | 'unknown';

/** Recognises the wrapping by the first bytes. */
export function sniff(buf: Uint8Array): Wrapping {
  if (isGzip(buf)) return 'gzip';
  if (buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6))
    return 'zip';
  const head = Buffer.from(buf.subarray(0, 512))
    .toString('latin1')
    .replace(/^\xef\xbb\xbf/, '');
  if (head.startsWith('From ')) return 'mbox';
  const t = head.trimStart();
  if (t.startsWith('<')) return 'xml';
  if (t.startsWith('{')) return 'json';
  if (/^[\x21-\x39\x3b-\x7e]+:/.test(head)) return 'mail';
  return 'unknown';
}

/** A cap was passed; the error names the `maxBytes` option that raises it. */
function tooLarge(input: string, text: ErrorText, o: UnpackOptions): NetdoctorError {
  return tooLargeError(text, o.maxBytes, input, 'maxBytes');
}

/** Unzips with caps on declared and actual sizes; truncated or corrupt archives are one-line errors. */
export function unzipCapped(
  buf: Uint8Array,
  input: string,
  o: UnpackOptions,
): { name: string; data: Uint8Array }[] {
  // 1. The central directory: refuse by declared size before inflating anything.
  let declared = 0;
  let entries = 0;
  let refused: NetdoctorError | undefined;
  try {
    unzipSync(buf, {
      filter(f) {
        entries++;
        declared += f.originalSize;
        if (!refused && (f.originalSize > o.maxBytes || declared > o.maxBytes)) {
          refused = tooLarge(`${input}:${f.name}`, E.zipDeclares, o);
        }
        if (!refused && entries > MAX_ZIP_ENTRIES) {
          refused = new NetdoctorError('ND_INPUT_TOO_LARGE', E.zipEntries, {
            input,
            params: { max: MAX_ZIP_ENTRIES },
          });
        }
        return false;
      },
    });
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.zipTruncated, { input, params: { why: causeText(e) } });
  }
  if (refused) throw refused;
  // 2. Inflate in slices, counting the real bytes: declared sizes can lie.
  const out: { name: string; data: Uint8Array }[] = [];
  let total = 0;
  let failure: NetdoctorError | undefined;
  const open = new Set<string>();
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    const parts: Uint8Array[] = [];
    open.add(file.name);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new NetdoctorError('ND_INPUT_FORMAT', E.zipEntryCorrupt, {
          input: `${input}:${file.name}`,
          params: { why: causeText(err) },
        });
        return;
      }
      total += chunk.length;
      if (total > o.maxBytes) {
        failure = tooLarge(`${input}:${file.name}`, E.zipDecompresses, o);
        file.terminate();
        return;
      }
      parts.push(chunk);
      if (final) {
        open.delete(file.name);
        out.push({ name: file.name, data: Buffer.concat(parts) });
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let off = 0; off < buf.length && !failure; off += INFLATE_SLICE) {
      const end = Math.min(buf.length, off + INFLATE_SLICE);
      unzip.push(buf.subarray(off, end), end === buf.length);
    }
  } catch (e) {
    failure ??= new NetdoctorError('ND_INPUT_FORMAT', E.zipCorrupt, { input, params: { why: causeText(e) } });
  }
  if (failure) throw failure;
  if (open.size > 0) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.zipEntryTruncated, {
      input,
      params: { name: [...open][0] ?? '' },
    });
  }
  return out;
}

/**
 * Gunzips with a cap, streaming so that a bomb is stopped early. Like gzip(1), bytes after a
 * complete member are ignored ("trailing garbage"): Mimecast appends a CRLF inside its base64,
 * so when the stream fails on such trailing CR/LF/space bytes it is retried without them.
 */
export async function gunzipLenient(buf: Buffer, input: string, o: UnpackOptions): Promise<Buffer> {
  try {
    return await gunzipOnce(buf, input, o);
  } catch (e) {
    let end = buf.length;
    while (end > 0 && [0x0d, 0x0a, 0x20].includes(buf[end - 1] as number)) end--;
    if (end === buf.length || !(e instanceof NetdoctorError) || !/header check/.test(e.message)) throw e;
    return gunzipOnce(buf.subarray(0, end), input, o);
  }
}

function gunzipOnce(buf: Buffer, input: string, o: UnpackOptions): Promise<Buffer> {
  return gunzipCapped(buf, { maxBytes: o.maxBytes, input, option: 'maxBytes' });
}

/** MIME types that never hold a report: skipped without trying. */
const NOT_A_REPORT = /^(image|audio|video)\/|^text\/html$/;

async function reportsFromMail(
  buf: Uint8Array,
  input: string,
  o: UnpackOptions,
  depth: number,
): Promise<DmarcReport[]> {
  let mail: ParsedMail;
  try {
    // mailparser is loaded on first use: it costs ~130 ms at start-up, and most runs read no e-mail.
    const { simpleParser } = await import('mailparser');
    mail = await simpleParser(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.mailMalformed, { input, params: { why: causeText(e) } });
  }
  const failure = failureFromMail(mail);
  if (failure) return [failure];
  const reports: DmarcReport[] = [];
  const problems: NetdoctorError[] = [];
  for (const a of mail.attachments) {
    if (NOT_A_REPORT.test(a.contentType) || a.contentType === 'message/rfc822') continue;
    const name = `${input}:${a.filename ?? a.contentType}`;
    const kind = sniff(a.content);
    if (kind === 'unknown' || kind === 'mail' || kind === 'mbox') continue;
    try {
      reports.push(...(await reportsFromBytes(a.content, name, o, depth + 1)));
    } catch (e) {
      if (e instanceof NetdoctorError) problems.push(e);
      else throw e;
    }
  }
  // Inline XML in the body (a few small reporters do this).
  const body = (mail.text ?? '').trimStart();
  if (reports.length === 0 && problems.length === 0 && /^(<\?xml|<feedback)/.test(body)) {
    reports.push(parseAggregateXml(body, `${input}:body`));
  }
  if (reports.length === 0 && problems[0]) throw problems[0];
  if (reports.length === 0) {
    const types = mail.attachments.map((a) => a.contentType).join(', ');
    throw new NetdoctorError('ND_INPUT_FORMAT', E.noReportInMail, {
      input,
      params: { parts: types || { en: E.noAttachments.en, ja: E.noAttachments.ja } },
    });
  }
  return reports;
}

/** Every report in `buf`, unwrapping gzip, zip and e-mail; throws a NetdoctorError naming `input`. */
export async function reportsFromBytes(
  buf: Uint8Array,
  input: string,
  o: UnpackOptions,
  depth = 0,
): Promise<DmarcReport[]> {
  if (depth > MAX_NESTING) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.nestedTooDeep, { input, params: { max: MAX_NESTING } });
  }
  if (buf.length === 0) throw new NetdoctorError('ND_INPUT_FORMAT', E.emptyFile, { input });
  const kind = sniff(buf);
  switch (kind) {
    case 'gzip': {
      const inner = await gunzipLenient(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), input, o);
      return reportsFromBytes(inner, input, o, depth + 1);
    }
    case 'zip': {
      const entries = unzipCapped(buf, input, o);
      if (entries.length === 0) throw new NetdoctorError('ND_INPUT_FORMAT', E.zipEmpty, { input });
      const out: DmarcReport[] = [];
      for (const e of entries)
        out.push(...(await reportsFromBytes(e.data, `${input}:${e.name}`, o, depth + 1)));
      return out;
    }
    case 'xml':
      return [parseAggregateXml(buf, input)];
    case 'json':
      return [parseTlsReport(buf, input)];
    case 'mail':
      return reportsFromMail(buf, input, o, depth);
    case 'mbox':
      throw new NetdoctorError('ND_INPUT_FORMAT', E.mboxInArchive, { input });
    default:
      throw new NetdoctorError('ND_INPUT_FORMAT', E.unknownFormat, { input });
  }
}
