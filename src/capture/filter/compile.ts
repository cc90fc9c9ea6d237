/**
 * Turns a parsed filter into a predicate over a `PacketView`, checking every field name, operator
 * and value on the way: a filter outside the subset is an error naming the part and its column,
 * never a silent mismatch.
 *
 * Semantics follow tshark 4.0: a field may occur several times in a packet and a test is true when
 * any occurrence satisfies it (`ip.addr == X`); `a != b` is `a and not (a == b)` (true only when
 * the field is present and no occurrence equals b); a bare field or protocol tests presence.
 */

import { both, internalError, type LocalParam } from '../../core/errors.js';
import { trackTls } from './app-fields.js';
import {
  FIELDS,
  type FieldDef,
  type FieldType,
  type FieldValue,
  NEEDS_FLOWS,
  PROTOCOLS,
  type ProtocolDef,
} from './fields.js';
import { FilterError, type Token } from './lexer.js';
import type { PacketView } from './packet-view.js';
import { type Expr, parseFilter } from './parser.js';
import { TlsRecordTracker } from './tls-records.js';

export type Predicate = (v: PacketView) => boolean;

/** Compiles `source`; throws `FilterError` ("filter: … at column N") for anything unsupported. */
export function compileFilter(source: string): Predicate {
  const expr = parseFilter(source);
  const predicate = compile(expr);
  if (!names(expr).some((n) => TLS_NAMES.has(n))) return predicate;
  // TLS is followed across segments: the tracker must see every packet, before the test.
  const tracker = new TlsRecordTracker();
  return (v) => {
    trackTls(v, tracker);
    return predicate(v);
  };
}

/** Names whose packets depend on TLS records followed across segments (STARTTLS included). */
/**
 * True when `source` names an application protocol or field, so that the packets must be read
 * with the flow table and its classifiers (`PacketView`'s `flows` option).
 */
export function filterNeedsFlows(source: string): boolean {
  return names(parseFilter(source)).some((n) => NEEDS_FLOWS.has(n));
}

const TLS_NAMES = new Set(['tls', 'tls.handshake.extensions_server_name', 'smtp', 'imap', 'pop', 'pop3']);

function names(e: Expr): string[] {
  switch (e.kind) {
    case 'and':
    case 'or':
      return [...names(e.left), ...names(e.right)];
    case 'not':
      return names(e.expr);
    default:
      return [e.field.text];
  }
}

type Matcher = (value: FieldValue) => boolean;

function compile(e: Expr): Predicate {
  switch (e.kind) {
    case 'and': {
      const l = compile(e.left);
      const r = compile(e.right);
      return (v) => l(v) && r(v);
    }
    case 'or': {
      const l = compile(e.left);
      const r = compile(e.right);
      return (v) => l(v) || r(v);
    }
    case 'not': {
      const inner = compile(e.expr);
      return (v) => !inner(v);
    }
    case 'exists': {
      const proto = PROTOCOLS[e.field.text];
      if (proto) return proto.present;
      const field = lookupField(e.field);
      return anyValue(field, () => true);
    }
    case 'contains':
      return compileContains(e.field, e.value);
    case 'in': {
      const field = lookupField(e.field);
      const tests = e.items.map((item) => {
        if (item.high === undefined) return matcherFor(field, e.field, '==', item.low);
        if (field.type !== 'uint' && field.type !== 'double') {
          throw new FilterError(
            both(
              `a range ("..") needs a number field, not ${e.field.text}`,
              `範囲（".."）は数値のフィールドにしか使えません（${e.field.text} は数値ではありません）`,
            ),
            item.low.column,
          );
        }
        const lo = matcherFor(field, e.field, '>=', item.low);
        const hi = matcherFor(field, e.field, '<=', item.high);
        return (x: FieldValue) => lo(x) && hi(x);
      });
      return anyValue(field, (x) => tests.some((t) => t(x)));
    }
    case 'compare': {
      const field = lookupField(e.field);
      if (e.op === '!=') {
        const eq = matcherFor(field, e.field, '==', e.value);
        const buf: FieldValue[] = [];
        return (v) => {
          buf.length = 0;
          field.collect(v, buf);
          return buf.length > 0 && !buf.some(eq);
        };
      }
      return anyValue(field, matcherFor(field, e.field, e.op, e.value));
    }
  }
}

function lookupField(t: Token): FieldDef {
  const f = FIELDS[t.text];
  if (f) return f;
  if (PROTOCOLS[t.text])
    throw new FilterError(
      both(
        `${t.text} is a protocol: it can only be tested alone or with "contains"`,
        `${t.text} はプロトコルです。単独か "contains" でしか判定できません`,
      ),
      t.column,
    );
  const hint = HINTS.find(([prefix]) => t.text.startsWith(prefix))?.[1];
  throw new FilterError(
    both(
      `unknown field "${t.text}"${hint ? ` (${hint.en})` : ''}`,
      `「${t.text}」というフィールドはありません${hint ? `（${hint.ja}）` : ''}`,
    ),
    t.column,
  );
}

/** tshark fields people reach for whose job a `find` option does (named as the library's options). */
const HINTS: [string, LocalParam][] = [
  [
    'tcp.analysis.',
    both(
      'retransmissions are selected with the retransmissions option',
      '再送は retransmissions オプションで選びます',
    ),
  ],
  [
    'dns.response_in',
    both(
      'queries without an answer are selected with the dnsUnanswered option',
      '応答のない問い合わせは dnsUnanswered オプションで選びます',
    ),
  ],
  [
    'tcp.stream',
    both(
      'to see one connection use: netdoctor pcap follow <file> <stream>',
      '1 本の接続を見るには: netdoctor pcap follow <file> <stream>',
    ),
  ],
];

function anyValue(field: FieldDef, test: Matcher): Predicate {
  const buf: FieldValue[] = [];
  return (v) => {
    buf.length = 0;
    field.collect(v, buf);
    for (const x of buf) if (test(x)) return true;
    return false;
  };
}

function compileContains(fieldTok: Token, value: Token): Predicate {
  const proto: ProtocolDef | undefined = PROTOCOLS[fieldTok.text];
  if (proto) {
    if (!proto.bytesFrom) {
      throw new FilterError(
        both(
          `"contains" works on frame, tcp, udp and text fields, not on ${fieldTok.text}`,
          `"contains" は frame・tcp・udp と文字列のフィールドにしか使えません（${fieldTok.text} には使えません）`,
        ),
        fieldTok.column,
      );
    }
    const needle = bytesValue(value);
    const from = proto.bytesFrom;
    return (v) => from(v).some((start) => indexOf(v.data, v.end, needle, start) >= 0);
  }
  const field = lookupField(fieldTok);
  if (field.type !== 'string') {
    throw new FilterError(
      both(
        `"contains" needs a text field or a protocol, not ${fieldTok.text} (${field.type})`,
        `"contains" には文字列のフィールドかプロトコルが必要です（${fieldTok.text} は ${field.type} です）`,
      ),
      fieldTok.column,
    );
  }
  const needle = value.text;
  return anyValue(field, (x) => (x as string).includes(needle));
}

/** A quoted string, or colon-separated hex bytes (`"GET"`, `16:03:01`). */
function bytesValue(t: Token): Uint8Array {
  if (t.kind === 'string') return Uint8Array.from(t.text, (c) => c.charCodeAt(0) & 0xff);
  if (/^[0-9a-fA-F]{2}([:.-][0-9a-fA-F]{2})*$/.test(t.text)) {
    return Uint8Array.from(t.text.split(/[:.-]/), (h) => Number.parseInt(h, 16));
  }
  throw new FilterError(
    both(
      `expected a quoted string or bytes like 16:03:01, found "${t.text}"`,
      `引用符で囲んだ文字列か 16:03:01 のようなバイト列が必要です（「${t.text}」があります）`,
    ),
    t.column,
  );
}

function indexOf(hay: Uint8Array, end: number, needle: Uint8Array, start: number): number {
  if (needle.length === 0) return start;
  const first = needle[0]!;
  outer: for (
    let i = hay.indexOf(first, start);
    i >= 0 && i + needle.length <= end;
    i = hay.indexOf(first, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const ORDERED: ReadonlySet<FieldType> = new Set(['uint', 'double', 'ipv4', 'ipv6', 'string', 'ether']);

/** A test of one field occurrence against the literal `t` with `op`. */
function matcherFor(field: FieldDef, fieldTok: Token, op: string, t: Token): Matcher {
  if (op !== '==' && !ORDERED.has(field.type)) {
    throw new FilterError(
      both(
        `"${op}" cannot compare ${fieldTok.text} (use == or !=)`,
        `${fieldTok.text} は「${op}」では比較できません（== か != を使ってください）`,
      ),
      fieldTok.column,
    );
  }
  if (field.type === 'ipv4' || field.type === 'ipv6') {
    const { value, bits } = parseAddress(field.type, t);
    if (bits !== undefined) {
      if (op !== '==')
        throw new FilterError(
          both(
            `a network (/${bits}) can only be compared with == or !=`,
            `ネットワーク（/${bits}）は == か != でしか比較できません`,
          ),
          t.column,
        );
      return field.type === 'ipv4' ? ipv4Network(value as number, bits) : ipv6Network(value as bigint, bits);
    }
    return relation(op, value);
  }
  return relation(op, parseLiteral(field.type, fieldTok, t));
}

function relation(op: string, want: FieldValue): Matcher {
  switch (op) {
    case '==':
      return (x) => x === want;
    case '<':
      return (x) => x < want;
    case '<=':
      return (x) => x <= want;
    case '>':
      return (x) => x > want;
    case '>=':
      return (x) => x >= want;
    default:
      throw internalError(`unexpected operator ${op}`);
  }
}

function ipv4Network(net: number, bits: number): Matcher {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const want = (net & mask) >>> 0;
  return (x) => ((x as number) & mask) >>> 0 === want;
}

function ipv6Network(net: bigint, bits: number): Matcher {
  const shift = BigInt(128 - bits);
  const want = net >> shift;
  return (x) => (x as bigint) >> shift === want;
}

function parseLiteral(type: FieldType, fieldTok: Token, t: Token): FieldValue {
  const text = t.text;
  const bad = (what: LocalParam) =>
    new FilterError(
      both(
        `"${text}" is not ${what.en} (${fieldTok.text} holds ${what.en})`,
        `「${text}」は${what.ja}ではありません（${fieldTok.text} の値は${what.ja}です）`,
      ),
      t.column,
    );
  switch (type) {
    case 'uint': {
      if (t.kind === 'string' || !/^(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(text))
        throw bad(both('a whole number', '整数'));
      return text.startsWith('0x')
        ? Number.parseInt(text, 16)
        : text.length > 1 && text.startsWith('0')
          ? Number.parseInt(text, 8)
          : Number(text);
    }
    case 'double': {
      const n = Number(text);
      if (t.kind === 'string' || text === '' || !Number.isFinite(n)) throw bad(both('a number', '数値'));
      return n;
    }
    case 'bool': {
      const l = text.toLowerCase();
      if (l === '1' || l === 'true') return 1;
      if (l === '0' || l === 'false') return 0;
      throw bad(both('0 or 1', '0 か 1'));
    }
    case 'ether': {
      const hex = text.replace(/[:.-]/g, '');
      if (t.kind === 'string' || !/^[0-9a-fA-F]{12}$/.test(hex) || !/^[0-9a-fA-F:.-]+$/.test(text))
        throw bad(both('a MAC address', 'MAC アドレス'));
      return Number.parseInt(hex, 16);
    }
    case 'string':
      return text;
    default:
      throw bad(both(type, type));
  }
}

function parseAddress(type: 'ipv4' | 'ipv6', t: Token): { value: number | bigint; bits?: number } {
  const [addr, prefix, extra] = t.text.split('/');
  const max = type === 'ipv4' ? 32 : 128;
  const what =
    type === 'ipv4'
      ? both('an IPv4 address or network', 'IPv4 アドレスかネットワーク')
      : both('an IPv6 address or network', 'IPv6 アドレスかネットワーク');
  const bits = prefix === undefined ? undefined : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (t.kind === 'string' || extra !== undefined || (bits !== undefined && !(bits >= 0 && bits <= max))) {
    throw new FilterError(
      both(`"${t.text}" is not ${what.en}`, `「${t.text}」は${what.ja}ではありません`),
      t.column,
    );
  }
  const value = type === 'ipv4' ? ipv4Value(addr as string) : ipv6Value(addr as string);
  if (value === undefined)
    throw new FilterError(
      both(`"${t.text}" is not ${what.en}`, `「${t.text}」は${what.ja}ではありません`),
      t.column,
    );
  return bits === undefined ? { value } : { value, bits };
}

function ipv4Value(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function ipv6Value(s: string): bigint | undefined {
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4Value(v4[1] as string);
    if (n === undefined) return undefined;
    text = `${text.slice(0, v4.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}
