/**
 * The generated block of a target file sits between two marker lines; everything outside them is
 * the admin's and is kept byte for byte.
 *
 *   # BEGIN netdoctor lan — generated from lan.yaml; edit the inventory, not this block
 *   …
 *   # END netdoctor lan
 */
import { NetdoctorError } from '../core/errors.js';
import { LAN_ERRORS as E } from './error-messages.js';

const BEGIN = 'BEGIN netdoctor lan';
const END = 'END netdoctor lan';

export function beginLine(comment: string, source: string): string {
  return `${comment} ${BEGIN} — generated from ${source}; edit the inventory, not this block`;
}

export function endLine(comment: string): string {
  return `${comment} ${END}`;
}

/** The whole block: markers around `lines`, each line ending in a newline. */
export function markedBlock(comment: string, source: string, lines: readonly string[]): string {
  return `${beginLine(comment, source)}\n${lines.map((l) => `${l}\n`).join('')}${endLine(comment)}\n`;
}

export interface MarkerSpan {
  /** Offset of the BEGIN line's first character and just past the END line's newline. */
  start: number;
  end: number;
  /** The text between (the lines of the block, each with its newline). */
  inner: string;
}

function isMarker(line: string, comment: string, word: string): boolean {
  const t = line.trimStart();
  return t.startsWith(comment) && t.slice(comment.length).trimStart().startsWith(word);
}

/**
 * Finds the one marked block in `text`. Undefined when there is none; a NetdoctorError naming the
 * file when the markers are unbalanced or doubled (rather than guess which part is the admin's).
 */
export function findBlock(text: string, comment: string, file: string): MarkerSpan | undefined {
  let start = -1;
  let innerStart = -1;
  let found: MarkerSpan | undefined;
  let pos = 0;
  let lineNo = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, nl < 0 ? text.length : nl);
    lineNo++;
    if (isMarker(line, comment, BEGIN)) {
      if (start >= 0 || found) {
        throw new NetdoctorError('ND_INPUT_FORMAT', E.secondBegin, {
          input: file,
          params: { line: lineNo, begin: BEGIN },
        });
      }
      start = pos;
      innerStart = next;
    } else if (isMarker(line, comment, END)) {
      if (start < 0) {
        throw new NetdoctorError('ND_INPUT_FORMAT', E.endWithoutBegin, {
          input: file,
          params: { line: lineNo, begin: BEGIN, end: END },
        });
      }
      found = { start, end: next, inner: text.slice(innerStart, pos) };
      start = -1;
    }
    pos = next;
  }
  if (start >= 0) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.beginWithoutEnd, {
      input: file,
      params: { begin: BEGIN, end: END },
    });
  }
  return found;
}

/** `text` with its marked block replaced by `block` (or `block` appended when there is none). */
export function spliceBlock(
  text: string,
  comment: string,
  file: string,
  block: string,
  appendable: boolean,
): string {
  const span = findBlock(text, comment, file);
  if (span) {
    // Keep the indentation of the BEGIN line for every line of the block (Kea's JSON nests it).
    const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
    const body = indent ? block.replace(/^(?=.)/gm, indent) : block;
    return text.slice(0, span.start) + body + text.slice(span.end);
  }
  if (!appendable) {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.noMarkers, {
      input: file,
      params: { begin: `${comment} ${BEGIN}`, end: `${comment} ${END}` },
    });
  }
  const sep = text.length === 0 || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return text + sep + block;
}
