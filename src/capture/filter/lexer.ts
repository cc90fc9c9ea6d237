/**
 * Tokens of netdoctor's display-filter language, a documented subset of Wireshark's (see
 * `parser.ts`). Every token keeps its 1-based column so that errors can point at it:
 * `filter: unknown field "tcp.window_size" at column 5`.
 *
 * Hand-written: Wireshark's grammar is a Lemon/flex pair inside libwireshark and no JavaScript
 * library speaks it; the subset is small enough that a scanner and a recursive-descent parser are
 * clearer than a generated one.
 */
import { both, defineErrors, type LocalParam, NetdoctorError } from '../../core/errors.js';

export type TokenKind =
  | 'word' // a field, protocol, number, address or bare literal: tcp.port, 80, 10.0.0.0/8, aa:bb:…
  | 'string' // "quoted text", escapes decoded
  | 'op' // == != < <= > >= (and the word forms eq ne lt le gt ge, normalised)
  | 'contains'
  | 'in'
  | 'and'
  | 'or'
  | 'not'
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | 'end';

export interface Token {
  kind: TokenKind;
  /** For `op`: the symbol (`==`…); for `word`/`string`: the text; otherwise the source text. */
  text: string;
  /** 1-based column of the token's first character. */
  column: number;
}

export const FILTER_ERRORS = defineErrors('filter', {
  syntax: { en: '{problem} at column {column}', ja: '{column} 文字目: {problem}' },
});

/**
 * A filter the subset cannot run: a `NetdoctorError` (code `ND_USAGE`, option `filter`) that
 * says what is wrong, in both languages, and at which column.
 */
export class FilterError extends NetdoctorError {
  constructor(
    problem: LocalParam,
    readonly column: number,
  ) {
    super('ND_USAGE', FILTER_ERRORS.syntax, { option: 'filter', params: { problem, column } });
  }
}

const WORD_OPS: Record<string, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const KEYWORDS: Record<string, TokenKind> = {
  and: 'and',
  or: 'or',
  not: 'not',
  contains: 'contains',
  in: 'in',
};
/** Wireshark words this subset does not implement: named so that the error can say so. */
const UNSUPPORTED_WORDS = new Set(['matches', 'xor', 'bitand', 'any', 'all']);
const WORD_CHAR = /[A-Za-z0-9_.:/-]/;

/** Splits a filter into tokens, or throws a `FilterError` naming the character and column. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const column = i + 1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    const three = source.slice(i, i + 3);
    if (three === '===' || three === '!==' || three === '~=') {
      throw new FilterError(
        both(
          `operator "${three}" is not supported (use == or !=)`,
          `演算子「${three}」には対応していません（== か != を使ってください）`,
        ),
        column,
      );
    }
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, column });
      i += 2;
    } else if (two === '&&') {
      tokens.push({ kind: 'and', text: two, column });
      i += 2;
    } else if (two === '||') {
      tokens.push({ kind: 'or', text: two, column });
      i += 2;
    } else if (c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, column });
      i++;
    } else if (c === '!') {
      tokens.push({ kind: 'not', text: c, column });
      i++;
    } else if (c === '(' || c === ')' || c === '{' || c === '}' || c === ',') {
      tokens.push({ kind: c, text: c, column });
      i++;
    } else if (c === '"') {
      const { text, end } = readString(source, i);
      tokens.push({ kind: 'string', text, column });
      i = end;
    } else if (WORD_CHAR.test(c)) {
      let j = i;
      while (j < source.length && WORD_CHAR.test(source[j] as string)) j++;
      const word = source.slice(i, j);
      const lower = word.toLowerCase();
      const kw = KEYWORDS[lower];
      if (kw) tokens.push({ kind: kw, text: lower, column });
      else if (WORD_OPS[lower]) tokens.push({ kind: 'op', text: WORD_OPS[lower] as string, column });
      else if (UNSUPPORTED_WORDS.has(lower)) {
        throw new FilterError(
          both(
            `"${word}" is not supported by netdoctor's filter subset`,
            `「${word}」は netdoctor のフィルターでは使えません`,
          ),
          column,
        );
      } else tokens.push({ kind: 'word', text: word, column });
      i = j;
    } else if (c === '[') {
      throw new FilterError(
        both('field slices ([…]) are not supported', 'フィールドの切り出し（[…]）には対応していません'),
        column,
      );
    } else {
      throw new FilterError(both(`unexpected character "${c}"`, `予期しない文字「${c}」があります`), column);
    }
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

function readString(source: string, start: number): { text: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '"') return { text: out, end: i + 1 };
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) break;
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(i + 2, i + 4))) {
        out += String.fromCharCode(Number.parseInt(source.slice(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '0' ? '\0' : n;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new FilterError(
    both('unterminated string (missing closing ")', '文字列が閉じていません（閉じる " がありません）'),
    start + 1,
  );
}
