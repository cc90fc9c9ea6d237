/**
 * The master-file tokenizer (RFC 1035 §5.1, as BIND's isc_lex reads it with DNSMULTILINE,
 * QSTRING and comment options): words, quoted strings (which may hold `;`), `;` comments,
 * parentheses that join lines (nesting counted, as BIND does), and the line structure that owner
 * inheritance needs (a line that starts with blank space keeps the previous owner).
 *
 * The text is the file decoded as latin1, so one char is one byte and any byte survives. Escapes
 * stay in the token text (`\.`, `\DDD`, `\"`); the name and string parsers interpret them. Every
 * loop advances, so the time is linear in the input; a token is capped (`maxToken`) so a 100 MB
 * line costs one pass and one error, not a 100 MB string.
 */

import type { ErrorParams, ErrorText } from '../../core/errors.js';
import { ZONE_SYNTAX as S, ZoneLineProblem } from './syntax-messages.js';

export interface Token {
  /** `word` (bare), `quoted` ("…", without the quotes), `eol` (end of a logical line), `eof`. */
  kind: 'word' | 'quoted' | 'eol' | 'eof';
  text: string;
  /** 1-based line where the token starts. */
  line: number;
}

export class LexError extends ZoneLineProblem {
  constructor(
    text: ErrorText,
    readonly line: number,
    params: ErrorParams = {},
  ) {
    super(text, params);
  }
}

enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  QUOTE = 34,
  LPAREN = 40,
  RPAREN = 41,
  SEMI = 59,
  BACKSLASH = 92,
}

/**
 * The class and type words nearly every line repeats, as constants: `IN`, `A`, `PTR` … are then
 * one shared string each rather than a new one per line (same text, so the same meaning).
 */
function common(s: string, start: number, end: number): string | undefined {
  const c = s.charCodeAt(start);
  switch (end - start) {
    case 1:
      return c === 0x41 ? 'A' : undefined;
    case 2: {
      const d = s.charCodeAt(start + 1);
      if (c === 0x49 && d === 0x4e) return 'IN';
      if (c === 0x4e && d === 0x53) return 'NS';
      if (c === 0x4d && d === 0x58) return 'MX';
      return undefined;
    }
    case 3:
      if (c === 0x50 && s.startsWith('PTR', start)) return 'PTR';
      if (c === 0x54 && s.startsWith('TXT', start)) return 'TXT';
      return undefined;
    case 4:
      return c === 0x41 && s.startsWith('AAAA', start) ? 'AAAA' : undefined;
    case 5:
      return c === 0x43 && s.startsWith('CNAME', start) ? 'CNAME' : undefined;
    default:
      return undefined;
  }
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private paren = 0;
  private parenLine = 0;
  private peeked: Token | undefined;
  /** True when the next token is the first of a physical line that began with blank space. */
  private startsBlank = false;
  private atLineStart = true;

  constructor(
    private readonly src: string,
    private readonly maxToken = 1 << 16,
  ) {}

  /** The line the lexer is on (for errors raised between tokens). */
  get currentLine(): number {
    return this.line;
  }

  /**
   * Whether the logical line about to be read starts with blank space (owner inherited). Call at
   * the start of a logical line, before `next()`.
   */
  lineStartsBlank(): boolean {
    this.skipBlankLines();
    return this.startsBlank;
  }

  peek(): Token {
    if (!this.peeked) this.peeked = this.read();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  /**
   * The fast path for the common line (`www IN A 192.0.2.1 ; web`): when the logical line about to
   * be read is one physical line of bare words — no parenthesis, quote or backslash, no NUL, not
   * longer than `maxToken`, at most `maxWords` words, not a `$` directive — its words go into `out`,
   * the line is consumed and its number returned. Otherwise nothing is consumed and it returns 0:
   * the caller reads the line token by token (`next()`), which gives the same words for a line
   * this accepts. Call at the start of a logical line, after `lineStartsBlank()`.
   */
  simpleLine(out: string[], maxWords: number): number {
    if (this.peeked || this.paren > 0 || !this.atLineStart) return 0;
    const s = this.src;
    const n = s.length;
    const max = this.maxToken;
    const lf = s.indexOf('\n', this.pos);
    const end = lf < 0 ? n : lf;
    // A line longer than a word may be is no common line (and a hostile one is read only once).
    if (end - this.pos > max) return 0;
    out.length = 0;
    let start = -1;
    let i = this.pos;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === C.SPACE || c === C.TAB || c === C.CR || c === C.SEMI) {
        if (start >= 0) {
          if (out.length >= maxWords) return 0;
          out.push(common(s, start, i) ?? s.slice(start, i));
          start = -1;
        }
        if (c === C.SEMI) {
          i = end;
          break;
        }
        continue;
      }
      if (c === C.QUOTE || c === C.LPAREN || c === C.RPAREN || c === C.BACKSLASH || c === 0) return 0;
      if (start < 0) start = i;
    }
    if (start >= 0) {
      if (out.length >= maxWords) return 0;
      out.push(common(s, start, i) ?? s.slice(start, i));
    }
    if (out.length === 0 || (out[0] as string).charCodeAt(0) === 0x24) return 0;
    const line = this.line;
    if (i < n) {
      this.pos = i + 1;
      this.line++;
    } else this.pos = n;
    return line;
  }

  /** Skips to the end of the current logical line (after an error or an ignored directive). */
  skipLine(): void {
    for (;;) {
      const t = this.next();
      if (t.kind === 'eol' || t.kind === 'eof') return;
    }
  }

  /** Skips empty and comment-only lines so `startsBlank` describes a line with content. */
  private skipBlankLines(): void {
    if (this.peeked || this.paren > 0) return;
    const s = this.src;
    for (;;) {
      if (!this.atLineStart) return;
      let i = this.pos;
      while (i < s.length && (s.charCodeAt(i) === C.SPACE || s.charCodeAt(i) === C.TAB)) i++;
      const c = s.charCodeAt(i);
      if (c === C.SEMI) {
        while (i < s.length && s.charCodeAt(i) !== C.LF) i++;
      } else if (c === C.CR && s.charCodeAt(i + 1) === C.LF) {
        i++;
      }
      if (i < s.length && s.charCodeAt(i) === C.LF) {
        this.pos = i + 1;
        this.line++;
        continue;
      }
      this.startsBlank = i > this.pos;
      return;
    }
  }

  private read(): Token {
    const s = this.src;
    const n = s.length;
    for (;;) {
      if (this.pos >= n) {
        if (this.paren > 0) throw new LexError(S.parenNotClosed, this.parenLine);
        if (!this.atLineStart) {
          this.atLineStart = true;
          return { kind: 'eol', text: '', line: this.line };
        }
        return { kind: 'eof', text: '', line: this.line };
      }
      const c = s.charCodeAt(this.pos);
      if (c === C.SPACE || c === C.TAB || c === C.CR) {
        this.pos++;
        continue;
      }
      if (c === 0) throw new LexError(S.binary, this.line);
      if (c === C.SEMI) {
        const e = s.indexOf('\n', this.pos);
        this.pos = e < 0 ? n : e;
        continue;
      }
      if (c === C.LF) {
        this.pos++;
        const line = this.line++;
        if (this.paren > 0) continue;
        if (!this.atLineStart) {
          this.atLineStart = true;
          return { kind: 'eol', text: '', line };
        }
        continue;
      }
      if (c === C.LPAREN) {
        if (this.paren === 0) this.parenLine = this.line;
        this.paren++;
        this.pos++;
        continue;
      }
      if (c === C.RPAREN) {
        if (this.paren === 0) throw new LexError(S.parenNotOpened, this.line);
        this.paren--;
        this.pos++;
        continue;
      }
      this.atLineStart = false;
      if (c === C.QUOTE) return this.quoted();
      return this.word();
    }
  }

  private quoted(): Token {
    const s = this.src;
    const line = this.line;
    let i = this.pos + 1;
    const start = i;
    for (;;) {
      if (i >= s.length) throw new LexError(S.quoteUnterminated, line);
      const c = s.charCodeAt(i);
      if (c === C.QUOTE) break;
      if (c === C.BACKSLASH) {
        i += 2;
        continue;
      }
      if (c === C.LF) {
        // BIND ends a quoted string at an unescaped newline with an error.
        throw new LexError(S.quoteNotClosedOnLine, line);
      }
      if (c === 0) throw new LexError(S.binary, line);
      i++;
      if (i - start > this.maxToken) throw new LexError(S.quoteTooLong, line, { max: this.maxToken });
    }
    this.pos = i + 1;
    return { kind: 'quoted', text: s.slice(start, i), line };
  }

  private word(): Token {
    const s = this.src;
    const line = this.line;
    const start = this.pos;
    let i = start;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === C.BACKSLASH) {
        if (s.charCodeAt(i + 1) === C.LF) this.line++;
        i += 2;
        continue;
      }
      if (
        c === C.SPACE ||
        c === C.TAB ||
        c === C.LF ||
        c === C.CR ||
        c === C.SEMI ||
        c === C.LPAREN ||
        c === C.RPAREN ||
        c === C.QUOTE
      )
        break;
      if (c === 0) throw new LexError(S.binary, line);
      i++;
      if (i - start > this.maxToken) throw new LexError(S.wordTooLong, line, { max: this.maxToken });
    }
    if (i > s.length) i = s.length;
    this.pos = i;
    return { kind: 'word', text: s.slice(start, i), line };
  }
}
