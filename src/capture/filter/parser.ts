/**
 * The display-filter grammar (a subset of Wireshark's, same precedence: `not` binds tightest, then
 * `and`, then `or`):
 *
 *   filter  := or
 *   or      := and (("or" | "||") and)*
 *   and     := unary (("and" | "&&") unary)*
 *   unary   := ("not" | "!") unary | "(" or ")" | test
 *   test    := FIELD                                  (the field or protocol is present)
 *            | FIELD ("=="|"!="|"<"|"<="|">"|">=") VALUE
 *            | FIELD "contains" VALUE
 *            | FIELD "in" "{" item ("," item)* "}"     item := VALUE | VALUE ".." VALUE
 *
 * The parser only builds the tree; `compile.ts` checks fields and values against the field table.
 */
import { both, type LocalParam } from '../../core/errors.js';
import { FilterError, type Token, tokenize } from './lexer.js';

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'exists'; field: Token }
  | { kind: 'compare'; field: Token; op: string; value: Token }
  | { kind: 'contains'; field: Token; value: Token }
  | { kind: 'in'; field: Token; items: SetItem[] };

export interface SetItem {
  low: Token;
  high?: Token;
}

/** Longest filter accepted, and deepest nesting of parentheses and `not`: hostile input stays cheap. */
export const MAX_FILTER_LENGTH = 10_000;
export const MAX_DEPTH = 100;

/** Parses a filter into its tree, or throws a `FilterError` saying what was expected where. */
export function parseFilter(source: string): Expr {
  if (source.trim() === '') throw new FilterError(both('the filter is empty', 'フィルターが空です'), 1);
  if (source.length > MAX_FILTER_LENGTH) {
    throw new FilterError(
      both(
        `the filter is longer than ${MAX_FILTER_LENGTH} characters`,
        `フィルターが ${MAX_FILTER_LENGTH} 文字を超えています`,
      ),
      MAX_FILTER_LENGTH + 1,
    );
  }
  const p = new Parser(tokenize(source));
  const expr = p.or();
  const rest = p.peek();
  if (rest.kind !== 'end')
    throw new FilterError(
      both(`unexpected "${rest.text}"`, `予期しない「${rest.text}」があります`),
      rest.column,
    );
  return expr;
}

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.at] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.at++;
    return t;
  }

  or(): Expr {
    let left = this.and();
    while (this.peek().kind === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.peek().kind === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.next();
    if (++this.depth > MAX_DEPTH)
      throw new FilterError(
        both(`nested more than ${MAX_DEPTH} levels deep`, `入れ子が ${MAX_DEPTH} 段を超えています`),
        t.column,
      );
    try {
      return this.unaryAt(t);
    } finally {
      this.depth--;
    }
  }

  private unaryAt(t: Token): Expr {
    if (t.kind === 'not') return { kind: 'not', expr: this.unary() };
    if (t.kind === '(') {
      const inner = this.or();
      const close = this.next();
      if (close.kind !== ')') throw expected(both('")"', '「)」'), close);
      return inner;
    }
    if (t.kind !== 'word') throw expected(both('a field or protocol name', 'フィールド名かプロトコル名'), t);
    return this.test(t);
  }

  private test(field: Token): Expr {
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { kind: 'compare', field, op: t.text, value: this.value() };
    }
    if (t.kind === 'contains') {
      this.next();
      return { kind: 'contains', field, value: this.value() };
    }
    if (t.kind === 'in') {
      this.next();
      return { kind: 'in', field, items: this.set() };
    }
    return { kind: 'exists', field };
  }

  private value(): Token {
    const t = this.next();
    if (t.kind !== 'word' && t.kind !== 'string') throw expected(both('a value', '値'), t);
    return t;
  }

  private set(): SetItem[] {
    const open = this.next();
    if (open.kind !== '{') throw expected(both('"{" to start a set', '集合の始まりの「{」'), open);
    const items: SetItem[] = [];
    for (;;) {
      const v = this.value();
      const range = v.kind === 'word' ? v.text.indexOf('..') : -1;
      if (range > 0) {
        // `{1024..65535}` lexes as one word; split it into the range's two ends.
        const high = v.text.slice(range + 2);
        items.push({
          low: { ...v, text: v.text.slice(0, range) },
          high: { kind: 'word', text: high, column: v.column + range + 2 },
        });
      } else items.push({ low: v });
      const sep = this.next();
      if (sep.kind === '}') return items;
      if (sep.kind !== ',') throw expected(both('"," or "}" in the set', '集合内の「,」か「}」'), sep);
    }
  }
}

function expected(what: LocalParam, got: Token): FilterError {
  const saw =
    got.kind === 'end'
      ? both('the end of the filter', 'フィルターの終わり')
      : both(`"${got.text}"`, `「${got.text}」`);
  return new FilterError(
    both(`expected ${what.en} but found ${saw.en}`, `${what.ja}が来るべきところに${saw.ja}があります`),
    got.column,
  );
}
