/**
 * Splits a byte stream into text lines with flat memory: a line longer than `maxLineBytes` is
 * not kept whole — its start is given to `onLine` marked as cut, the rest skipped — so that a
 * 100 MB line costs no more memory than the cap. Bytes are decoded as UTF-8 per line.
 *
 * Hand-written: `readline` keeps an over-long line whole in memory and has no cap.
 */
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';

/** A line without its end (\n or \r\n); `cut` when it was longer than the cap. */
export type LineHandler = (line: string, cut: boolean) => void;

export interface LineCounts {
  lines: number;
  bytes: number;
  /** Lines longer than the cap. */
  cut: number;
}

export async function splitLines(
  stream: Readable | AsyncIterable<Buffer>,
  onLine: LineHandler,
  options: {
    maxLineBytes: number;
    onBytes?: (bytes: number) => void;
    /**
     * Asked first for each whole, non-empty line of ASCII only, as bytes `buf[start, end)` (no line
     * end): true when it read the line itself, so that no string is made of it (maillog's fast path).
     */
    onAsciiLine?: (buf: Buffer, start: number, end: number) => boolean;
  },
): Promise<LineCounts> {
  const cap = options.maxLineBytes;
  const counts: LineCounts = { lines: 0, bytes: 0, cut: 0 };
  let carry: Buffer | undefined; // the start of a line that continues in the next chunk
  let skipping = false; // inside an over-long line: drop bytes until its end
  // A chunk of ASCII only (most logs) is decoded as Latin-1, the cheaper decoder, to the same
  // text; a line joined from two chunks (`whole`) is decoded as UTF-8.
  let asciiChunk: Buffer | undefined;
  const onAscii = options.onAsciiLine;
  const emit = (buf: Buffer, start: number, end: number, cut: boolean) => {
    if (end > start && buf[end - 1] === 0x0d) end--;
    counts.lines++;
    if (cut) counts.cut++;
    else if (
      onAscii !== undefined &&
      end > start &&
      (buf === asciiChunk || isAscii(buf.subarray(start, end)))
    )
      if (onAscii(buf, start, end)) return;
    onLine(buf.toString(buf === asciiChunk ? 'latin1' : 'utf8', start, end), cut);
  };
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    asciiChunk = isAscii(buf) ? buf : undefined;
    counts.bytes += buf.length;
    options.onBytes?.(counts.bytes);
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0) break;
      if (skipping) {
        skipping = false;
      } else if (carry) {
        const need = cap - carry.length;
        const whole = Buffer.concat([carry, buf.subarray(pos, Math.min(nl, pos + Math.max(0, need)))]);
        emit(whole, 0, whole.length, nl - pos > need);
      } else if (nl - pos > cap) {
        emit(buf, pos, pos + cap, true);
      } else {
        emit(buf, pos, nl, false);
      }
      carry = undefined;
      pos = nl + 1;
    }
    if (pos < buf.length && !skipping) {
      const rest = buf.subarray(pos);
      const have = carry ? carry.length : 0;
      if (have + rest.length > cap) {
        const head = rest.subarray(0, cap - have);
        const whole = carry ? Buffer.concat([carry, head]) : Buffer.from(head);
        emit(whole, 0, whole.length, true);
        carry = undefined;
        skipping = true;
      } else {
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      }
    }
  }
  if (carry && carry.length > 0 && !skipping) emit(carry, 0, carry.length, false);
  return counts;
}
