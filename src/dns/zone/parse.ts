/**
 * The zone-file parser: RFC 1035 §5 master files as BIND 9 reads them.
 *
 * Hand-written on purpose. The npm zone parsers we tried (dns-zonefile, zone-file,
 * dns-zone-parser …) each get something an admin's zone relies on wrong: a blank-owner line does
 * not inherit the previous owner, `1h30m` TTLs are refused or misread, a TXT string is cut at its
 * `;`, `\DDD` escapes and RFC 3597 `\#` data are not understood, and none has an `$INCLUDE` jail.
 * So this one follows BIND's `lib/dns/master.c` and is cross-checked against
 * `named-compilezone -D` on BIND's own test zones (test/corpus/zone-conformance.test.ts).
 *
 * BIND's rules kept here: the TTL of a line without one is `$TTL` when set, else the last
 * explicit TTL, else the SOA minimum (RFC 1035 semantics); after `$INCLUDE` the origin and the
 * current owner are restored; `$ORIGIN` and `$INCLUDE`'s origin are relative to the current origin;
 * a TTL over 2^31-1 becomes 0 (RFC 2181 §8); data outside the zone is noted and kept for lint
 * (BIND ignores it). Bounded: tokens are capped, `$INCLUDE` is jailed to a folder, loops and depth
 * are refused, record count is capped, and every error names `file:line`.
 *
 * @example
 *   const zone = parseZoneText('$TTL 1h\n@ SOA ns hostmaster 2026120601 1h 15m 1w 5m\n NS ns\nns A 192.0.2.1\n',
 *     { origin: 'example.org.' });
 *   zone.records[2] // { owner: 'ns.example.org.', ttl: 3600, type: 'A', data: { type: 'A', address: '192.0.2.1' }, … }
 */
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { causeText, type ErrorParams, type ErrorText, NetdoctorError } from '../../core/errors.js';
import { ZONE_ERRORS } from './error-messages.js';
import { expandGenerate, type GenerateSpec, parseRange, TemplateError } from './generate.js';
import { LexError, Lexer, type Token } from './lexer.js';
import type { Zone, ZoneRecord } from './model.js';
import { absoluteName, isSubdomain, nameKey, parseName } from './name.js';
import { parseRdata, parseRdataWords, type ZoneRecordData } from './rdata.js';
import { ZONE_SYNTAX as S, ZoneLineProblem } from './syntax-messages.js';
import { isTtl, parseTtl } from './ttl.js';
import { classCode, className, META_TYPES, typeCode, typeName } from './types.js';

export interface ParseZoneOptions {
  /** The zone's name, e.g. `example.org` or `2.0.192.in-addr.arpa.` (a trailing dot is added). */
  origin: string;
  /** Name of the input in messages and records (default `zone`); the path for `parseZoneFile`. */
  file?: string;
  /**
   * Folder that relative `$INCLUDE` paths are read from (named.conf's `directory`; default: the
   * zone file's folder, or the current folder for text).
   */
  directory?: string;
  /**
   * `$INCLUDE` may read only files inside this folder (default: `directory`). `false` lifts the
   * jail (a zone of your own, named.conf-style absolute paths).
   */
  includeRoot?: string | false;
  /** `throw` (default): the first syntax error throws. `collect`: errors go to `zone.errors`. */
  onError?: 'throw' | 'collect';
  /** Cap on records, generated ones included (default 20,000,000). */
  maxRecords?: number;
  /** Cap on one file's size in bytes (default 2 GiB). */
  maxFileBytes?: number;
  /**
   * Read plain lines (bare words, no parenthesis, quote or escape) on the fast path (default
   * true); `false` reads every line token by token. Same records either way (parse.test.ts).
   */
  fastLines?: boolean;
}

const MAX_INCLUDE_DEPTH = 16;
const MAX_FIELDS = 140_000;
const MAX_TTL = 0x7fffffff;

/**
 * A zone-file error at `file:line`; the CLI prints `netdoctor: file:line: problem` in the run's
 * language (the sentence comes from the zone syntax catalog, syntax-messages.ts).
 */
export class ZoneSyntaxError extends NetdoctorError {
  constructor(
    text: ErrorText,
    params: ErrorParams,
    readonly file: string,
    readonly line: number,
  ) {
    super('ND_INPUT_FORMAT', text, { input: `${file}:${line}`, params });
  }

  /** From a problem the tokenizer, name or data parser found on the line. */
  static of(p: ZoneLineProblem, file: string, line: number): ZoneSyntaxError {
    return new ZoneSyntaxError(p.text, p.params, file, line);
  }
}

/** A line the parser refuses (record structure, directives). */
class LineError extends ZoneLineProblem {}

/**
 * Whether an owner written as `text` (read as `owner`) is inside the zone: a relative name (or `@`)
 * is where its origin is, an absolute one is checked.
 */
function nameInZone(text: string, owner: string, originInZone: boolean, zoneOrigin: string): boolean {
  return text === '@' || text.charCodeAt(text.length - 1) !== 0x2e
    ? originInZone
    : isSubdomain(owner, zoneOrigin);
}

function absoluteOrigin(origin: string): string {
  try {
    return absoluteName(origin.endsWith('.') ? origin : `${origin}.`, '.');
  } catch (e) {
    throw new NetdoctorError('ND_USAGE', ZONE_ERRORS.badOrigin, {
      option: 'origin',
      params: { origin, why: causeText(e) },
    });
  }
}

interface State {
  zone: Zone;
  opts: Required<Pick<ParseZoneOptions, 'onError' | 'maxRecords' | 'maxFileBytes'>>;
  directory: string;
  jail: string | false;
  /** The last explicit TTL (BIND-8 semantics) and `$TTL`/SOA default. */
  lastTtl: number | undefined;
  defaultTtl: number | undefined;
  zoneClass: number | undefined;
  stack: string[];
  fastLines: boolean;
}

/** Parses zone-file text (a string, or bytes read as latin1 so every byte survives). */
export function parseZoneText(text: string | Buffer, options: ParseZoneOptions): Zone {
  const src = typeof text === 'string' ? text : text.toString('latin1');
  const file = options.file ?? 'zone';
  const st = newState(options, options.directory ?? process.cwd());
  st.zone.files.push(file);
  parseSource(st, src, file, st.zone.origin, undefined);
  return finish(st);
}

/** Reads and parses a zone file, following its `$INCLUDE`s inside the jail. */
export function parseZoneFile(file: string, options: Omit<ParseZoneOptions, 'file'>): Zone {
  const st = newState(options, options.directory ?? path.dirname(path.resolve(file)));
  includeFile(st, file, file, 0, st.zone.origin, undefined, true);
  return finish(st);
}

function newState(options: ParseZoneOptions, directory: string): State {
  const origin = absoluteOrigin(options.origin);
  const jail = options.includeRoot === false ? false : path.resolve(options.includeRoot ?? directory);
  return {
    zone: { origin, class: 'IN', records: [], notes: [], errors: [], files: [] },
    opts: {
      onError: options.onError ?? 'throw',
      maxRecords: options.maxRecords ?? 20_000_000,
      maxFileBytes: options.maxFileBytes ?? 2 ** 31 - 1,
    },
    directory,
    jail,
    lastTtl: undefined,
    defaultTtl: undefined,
    zoneClass: undefined,
    stack: [],
    fastLines: options.fastLines !== false,
  };
}

function finish(st: State): Zone {
  if (st.zoneClass !== undefined) st.zone.class = className(st.zoneClass);
  return st.zone;
}

function readSource(
  st: State,
  shown: string,
  resolved: string,
  line: number,
  from: string,
): { src: string; real: string } {
  let real: string;
  let size: number;
  const piped = st.stack.length === 0 ? pipedText(st, shown, resolved, line, from) : undefined;
  if (piped !== undefined) return { src: piped, real: resolved };
  try {
    real = realpathSync(resolved);
    const s = statSync(real);
    if (s.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    size = s.size;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const inc = st.stack.length > 0;
    const [text, params]: [ErrorText, ErrorParams] =
      code === 'ENOENT'
        ? [inc ? S.includeNoFile : S.noFile, { file: shown }]
        : code === 'EISDIR'
          ? [inc ? S.includeIsFolder : S.isFolder, { file: shown }]
          : [inc ? S.includeUnreadable : S.unreadable, { file: shown, why: causeText(e) }];
    throw new ZoneSyntaxError(text, params, from, line);
  }
  if (st.jail !== false && st.stack.length > 0) {
    let root = st.jail;
    try {
      root = realpathSync(st.jail);
    } catch {}
    if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
      throw new ZoneSyntaxError(S.includeOutside, { file: shown, root }, from, line);
    }
  }
  if (size > st.opts.maxFileBytes) {
    throw new ZoneSyntaxError(S.fileTooLarge, { file: shown, size, cap: st.opts.maxFileBytes }, from, line);
  }
  return { src: latin1Text(readFileSync(real)), real };
}

/**
 * The zone given as a pipe or a device (`<(ssh ns1 cat /etc/bind/db.example.org)`): its path has
 * no real path to resolve and no size to check first, so it is read once, in pieces, up to the
 * size cap. Undefined for a regular file (or one that cannot be looked at: the caller says why).
 */
function pipedText(
  st: State,
  shown: string,
  resolved: string,
  line: number,
  from: string,
): string | undefined {
  let fd: number;
  try {
    const s = statSync(resolved);
    if (s.isFile() || s.isDirectory()) return undefined;
    fd = openSync(resolved, 'r');
  } catch {
    return undefined;
  }
  try {
    const pieces: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        // A non-blocking pipe with nothing in it yet: wait for the writer.
        if ((e as { code?: string }).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        throw new ZoneSyntaxError(S.unreadable, { file: shown, why: causeText(e) }, from, line);
      }
      if (n === 0) break;
      total += n;
      if (total > st.opts.maxFileBytes)
        throw new ZoneSyntaxError(
          S.fileTooLarge,
          { file: shown, size: total, cap: st.opts.maxFileBytes },
          from,
          line,
        );
      pieces.push(buf.subarray(0, n));
    }
    return latin1Text(Buffer.concat(pieces, total));
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes as a latin1 string (one char per byte). Node hands a buffer over ~1 MB to V8 as an
 * external string, which V8 slices more slowly than its own strings; decoded in pieces and
 * joined, a large zone file becomes one ordinary string (the lexer slices it millions of times).
 */
function latin1Text(buf: Buffer): string {
  const piece = 1 << 19;
  if (buf.length <= piece) return buf.toString('latin1');
  const parts: string[] = [];
  for (let i = 0; i < buf.length; i += piece)
    parts.push(buf.toString('latin1', i, Math.min(buf.length, i + piece)));
  return parts.join('');
}

function includeFile(
  st: State,
  shown: string,
  file: string,
  line: number,
  origin: string,
  owner: string | undefined,
  top = false,
): void {
  const from = st.zone.files.length ? (st.stack.at(-1) ?? shown) : shown;
  const resolved = path.isAbsolute(file) ? file : path.resolve(st.directory, file);
  const { src, real } = readSource(st, shown, top ? path.resolve(file) : resolved, line, from);
  if (st.stack.includes(real)) {
    throw new ZoneSyntaxError(
      S.includeLoop,
      { chain: [...st.stack, real].map((f) => path.basename(f)).join(' → ') },
      from,
      line,
    );
  }
  if (st.stack.length >= MAX_INCLUDE_DEPTH) {
    throw new ZoneSyntaxError(S.includeDepth, { depth: MAX_INCLUDE_DEPTH }, from, line);
  }
  const name = top ? shown : path.isAbsolute(file) ? file : path.relative(process.cwd(), resolved) || file;
  st.zone.files.push(name);
  st.stack.push(real);
  parseSource(st, src, name, origin, owner);
  st.stack.pop();
}

function fail(st: State, file: string, line: number, p: ZoneLineProblem): void {
  if (st.opts.onError === 'throw') throw ZoneSyntaxError.of(p, file, line);
  st.zone.errors.push({ file, line, message: p.message, text: p.text, params: p.params });
}

function parseSource(
  st: State,
  src: string,
  file: string,
  startOrigin: string,
  startOwner: string | undefined,
): void {
  const lex = new Lexer(src);
  let origin = startOrigin;
  let owner = startOwner;
  // Whether the owner is inside the zone: a relative owner is exactly when the origin is.
  let originInZone = isSubdomain(origin, st.zone.origin);
  let ownerInZone = owner === undefined || isSubdomain(owner, st.zone.origin);
  const words: string[] = [];
  for (;;) {
    let blank: boolean;
    let first: Token;
    let simple: number;
    try {
      blank = lex.lineStartsBlank();
      simple = st.fastLines ? lex.simpleLine(words, MAX_FIELDS) : 0;
      first = simple ? EOL : lex.next();
    } catch (e) {
      if (e instanceof LexError) throw ZoneSyntaxError.of(e, file, e.line);
      throw e;
    }
    if (simple) {
      // The common line, as bare words: the same steps as below without a token per word.
      try {
        let i = 0;
        if (!blank) {
          const t = words[0] as string;
          owner = parseName(t, origin);
          ownerInZone = nameInZone(t, owner, originInZone, st.zone.origin);
          i = 1;
        } else if (owner === undefined) throw new LineError(S.noOwner);
        addRecord(st, recordWords(st, words, i, owner, origin, file, simple), ownerInZone);
      } catch (e) {
        if (e instanceof ZoneLineProblem) fail(st, file, simple, e);
        else throw e;
      }
      continue;
    }
    if (first.kind === 'eof') return;
    if (first.kind === 'eol') continue;
    const line = first.line;
    try {
      const tokens: Token[] = [first];
      for (;;) {
        const t = lex.next();
        if (t.kind === 'eol' || t.kind === 'eof') break;
        tokens.push(t);
        // RDATA is at most 65535 bytes (RFC 1035 §3.2.1): no record needs more fields than this.
        if (tokens.length > MAX_FIELDS) {
          throw new ZoneSyntaxError(S.tooManyFields, { max: MAX_FIELDS }, file, line);
        }
      }
      if (!blank && first.kind === 'word' && first.text.startsWith('$')) {
        const r = directive(st, tokens, file, line, origin, owner);
        if (r.origin !== origin) {
          origin = r.origin;
          originInZone = isSubdomain(origin, st.zone.origin);
        }
        continue;
      }
      let i = 0;
      if (!blank) {
        const t = first.text;
        owner = parseName(t, origin);
        ownerInZone = nameInZone(t, owner, originInZone, st.zone.origin);
        i = 1;
      } else if (owner === undefined) throw new LineError(S.noOwner);
      const rec = recordLine(st, tokens, i, owner, origin, file, line);
      if (rec) addRecord(st, rec, ownerInZone);
    } catch (e) {
      if (e instanceof LexError) throw ZoneSyntaxError.of(e, file, e.line);
      if (e instanceof ZoneLineProblem) {
        fail(st, file, line, e);
        continue;
      }
      throw e;
    }
  }
}

function addRecord(st: State, rec: ZoneRecord, inZone = isSubdomain(rec.owner, st.zone.origin)): void {
  const z = st.zone;
  if (z.records.length >= st.opts.maxRecords) {
    throw new ZoneSyntaxError(S.tooManyRecords, { max: st.opts.maxRecords }, rec.file, rec.line);
  }
  if (!inZone) {
    z.notes.push({
      file: rec.file,
      line: rec.line,
      code: 'out-of-zone',
      message: `ignoring out-of-zone data (${rec.owner})`,
    });
  }
  z.records.push(rec);
}

const EOL: Token = { kind: 'eol', text: '', line: 0 };

/** `recordLine` for the bare words of a simple line (`Lexer.simpleLine`): the same rules. */
function recordWords(
  st: State,
  words: readonly string[],
  start: number,
  owner: string,
  origin: string,
  file: string,
  line: number,
): ZoneRecord {
  let i = start;
  let ttl: number | undefined;
  let cls: number | undefined;
  for (let k = 0; k < 2; k++) {
    const t = words[i];
    if (t === undefined) break;
    if (t === 'IN' && cls === undefined) {
      // The usual class word, decided as below (a class, not a TTL, and no type has the name).
      cls = 1;
      i++;
    } else if (t === 'A' || t === 'PTR' || t === 'AAAA' || t === 'NS' || t === 'MX' || t === 'CNAME') {
      break; // a type word: neither a TTL nor a class, so the type (as below)
    } else if (ttl === undefined && isTtl(t)) {
      ttl = parseTtl(t);
      if (ttl === undefined) throw new LineError(S.ttlRange, { ttl: t });
      i++;
    } else if (cls === undefined && classCode(t) !== undefined && typeCode(t) === undefined) {
      cls = classCode(t);
      i++;
    }
  }
  const typeText = words[i++];
  if (typeText === undefined) throw new LineError(S.noType);
  const code = typeCode(typeText);
  if (code === undefined) throw new LineError(S.unknownType, { type: typeText.slice(0, 40) });
  if (META_TYPES.has(code)) throw new LineError(S.metaType, { type: typeName(code) });
  const type = typeName(code);
  const c = classOf(st, cls);
  const { data, text } = parseRdataWords(type, words, i, origin, line);
  return finishRecord(st, owner, ttl, c, type, data, text, file, line);
}

/** The record's class: the line's, else the zone's; every record of a zone has one class. */
function classOf(st: State, cls: number | undefined): number {
  const c = cls ?? st.zoneClass ?? 1;
  if (st.zoneClass === undefined) st.zoneClass = c;
  else if (c !== st.zoneClass) {
    throw new LineError(S.classMismatch, { cls: className(c), zoneClass: className(st.zoneClass) });
  }
  return c;
}

/** TTL, class and type after the owner, in either order (RFC 1035 §5.1), then the data. */
function recordLine(
  st: State,
  tokens: Token[],
  start: number,
  owner: string,
  origin: string,
  file: string,
  line: number,
): ZoneRecord | undefined {
  let i = start;
  let ttl: number | undefined;
  let cls: number | undefined;
  for (let k = 0; k < 2; k++) {
    const t = tokens[i];
    if (t?.kind !== 'word') break;
    if (ttl === undefined && isTtl(t.text)) {
      ttl = parseTtl(t.text);
      if (ttl === undefined) throw new LineError(S.ttlRange, { ttl: t.text });
      i++;
    } else if (cls === undefined && classCode(t.text) !== undefined && typeCode(t.text) === undefined) {
      cls = classCode(t.text);
      i++;
    }
  }
  const typeTok = tokens[i++];
  if (!typeTok) throw new LineError(S.noType);
  const code = typeCode(typeTok.text);
  if (code === undefined) throw new LineError(S.unknownType, { type: typeTok.text.slice(0, 40) });
  if (META_TYPES.has(code)) throw new LineError(S.metaType, { type: typeName(code) });
  const type = typeName(code);
  const c = classOf(st, cls);
  const { data, text } = parseRdata(type, tokens.slice(i), origin);
  return finishRecord(st, owner, ttl, c, type, data, text, file, line);
}

/** The record of a parsed line: the SOA's place checked, the TTL settled (BIND's rules). */
function finishRecord(
  st: State,
  owner: string,
  ttl: number | undefined,
  c: number,
  type: string,
  data: ZoneRecordData,
  text: string,
  file: string,
  line: number,
): ZoneRecord {
  // BIND: an SOA anywhere but the top of the zone is refused ("not at top of zone").
  if (type === 'SOA' && nameKey(owner) !== nameKey(st.zone.origin) && isSubdomain(owner, st.zone.origin)) {
    throw new LineError(S.soaNotApex);
  }
  const explicit = ttl !== undefined;
  let value: number;
  if (ttl !== undefined) {
    value = ttl;
    st.lastTtl = ttl;
  } else if (st.defaultTtl !== undefined) value = st.defaultTtl;
  else if (st.lastTtl !== undefined) value = st.lastTtl;
  else if (data.type === 'SOA' && 'minimum' in data) {
    value = data.minimum;
    st.defaultTtl = value;
    st.zone.notes.push({
      file,
      line,
      code: 'rfc1035-ttl',
      message: 'no $TTL: using the SOA minimum as default TTL (RFC 1035)',
    });
  } else throw new LineError(S.noTtl);
  if (value > MAX_TTL) {
    st.zone.notes.push({
      file,
      line,
      code: 'ttl-max',
      message: `TTL ${value} > 2147483647, set to 0 (RFC 2181 §8)`,
    });
    value = 0;
  }
  return {
    owner,
    ttl: value,
    class: className(c),
    type,
    data,
    rdata: text,
    file,
    line,
    explicitTtl: explicit,
  };
}

function directive(
  st: State,
  tokens: Token[],
  file: string,
  line: number,
  origin: string,
  owner: string | undefined,
): { origin: string } {
  const name = (tokens[0] as Token).text.toUpperCase();
  const args = tokens.slice(1);
  switch (name) {
    case '$ORIGIN': {
      if (args.length !== 1) throw new LineError(S.originArgs);
      return { origin: parseName((args[0] as Token).text, origin) };
    }
    case '$TTL': {
      const t = args[0];
      if (!t || args.length > 1) throw new LineError(S.ttlArgs);
      let v = parseTtl(t.text);
      if (v === undefined) throw new LineError(S.ttlNotTtl, { ttl: t.text.slice(0, 40) });
      if (v > MAX_TTL) {
        st.zone.notes.push({ file, line, code: 'ttl-max', message: `$TTL ${v} > 2147483647, set to 0` });
        v = 0;
      }
      st.defaultTtl = v;
      return { origin };
    }
    case '$INCLUDE': {
      const f = args[0];
      if (!f || args.length > 2) throw new LineError(S.includeArgs);
      const incOrigin = args[1] ? parseName(args[1].text, origin) : origin;
      includeFile(st, f.text, f.text, line, incOrigin, args[1] ? incOrigin : owner);
      // RFC 1035 §5.1 and BIND: the origin (and current owner) are restored after the include.
      return { origin };
    }
    case '$GENERATE': {
      st.zone.notes.push({ file, line, code: 'generate', message: '$GENERATE expanded' });
      generate(st, args, file, line, origin);
      return { origin };
    }
    default:
      throw new LineError(S.unknownDirective, { directive: (tokens[0] as Token).text.slice(0, 40) });
  }
}

/** `$GENERATE range lhs [ttl] [class] type rhs` (BIND extension). */
function generate(st: State, args: Token[], file: string, line: number, origin: string): void {
  if (args.length < 4) throw new LineError(S.generateArgs);
  const range = parseRange((args[0] as Token).text);
  if (range instanceof TemplateError) throw range;
  const lhs = (args[1] as Token).text;
  let i = 2;
  const head: string[] = [];
  for (let k = 0; k < 2 && i < args.length - 2; k++) {
    const t = (args[i] as Token).text;
    if (isTtl(t) || (classCode(t) !== undefined && typeCode(t) === undefined)) {
      head.push(t);
      i++;
    }
  }
  const type = (args[i++] as Token).text;
  const rhs = args
    .slice(i)
    .map((t) => (t.kind === 'quoted' ? t.text : t.text))
    .join(' ');
  if (!rhs) throw new LineError(S.generateNoData);
  const spec: GenerateSpec = { ...range, lhs, rhs };
  expandGenerate(spec, (owner, data) => emitGenerated(st, owner, head, type, data, origin, file, line));
}

function emitGenerated(
  st: State,
  owner: string,
  head: string[],
  type: string,
  data: string,
  origin: string,
  file: string,
  line: number,
): void {
  {
    const lex = new Lexer(`${owner} ${head.join(' ')} ${type} ${data}\n`);
    const tokens: Token[] = [];
    for (let t = lex.next(); t.kind === 'word' || t.kind === 'quoted'; t = lex.next()) tokens.push(t);
    const rec = recordLine(st, tokens, 1, parseName((tokens[0] as Token).text, origin), origin, file, line);
    if (rec) {
      rec.generated = true;
      addRecord(st, rec);
    }
  }
}

export { nameKey };
