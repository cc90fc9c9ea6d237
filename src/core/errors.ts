/**
 * netdoctor's errors: one class, stable codes, messages that name the input, in every language.
 *
 * Everything a command cannot do (unreadable input, unreachable server, bad usage) is thrown as a
 * `NetdoctorError`. Its sentence comes from an error catalog (`defineErrors`, one per capability,
 * next to its code) with `{name}` placeholders filled from `params`, so the CLI can print it in
 * the user's language: `netdoctor: <input>: <problem> (at byte N)`, exit 2, a stack only with
 * `--debug`. `message` is always the English sentence, for programs and logs.
 *
 * Library errors name library things: the input, or the library option at fault (`option:
 * 'timeoutMs'`), never a command-line flag; the CLI maps options to its flags. Low-level codes
 * (ENOENT, ETIMEOUT, …) are translated into these at one boundary per subsystem
 * (`core/input.ts`, `dns/resolver.ts`), not in every check.
 *
 * @example
 *   const E = defineErrors('dns', { badPort: { en: 'port must be 1-65535', ja: 'ポートは 1〜65535 で指定してください' } });
 *   throw new NetdoctorError('ND_USAGE', E.badPort, { input: '192.0.2.1:0' });
 */
import type { ParamValue } from './findings.js';

export const ERROR_CODES = {
  /** Bad command line or options: unknown flag, missing argument, invalid value. */
  ND_USAGE: 'usage',
  /** A file or stdin could not be opened or read (or an output file not written). */
  ND_INPUT_UNREADABLE: 'input unreadable',
  /** Input is not in a format netdoctor reads (not a capture, not a DMARC report, …). */
  ND_INPUT_FORMAT: 'input format',
  /** Input exceeds a resource cap (decompressed size, XML depth, record count …). */
  ND_INPUT_TOO_LARGE: 'input too large',
  /** A capture file ends in the middle of a record. */
  ND_CAPTURE_TRUNCATED: 'capture truncated',
  /** A capture record is malformed (bad length, bad block type …). */
  ND_CAPTURE_CORRUPT: 'capture corrupt',
  /** No DNS server answered (timeout, connection refused, network unreachable). */
  ND_DNS_UNREACHABLE: 'dns unreachable',
  /** A network peer (SMTP, HTTP, TLS …) could not be reached. */
  ND_NETWORK: 'network',
  /** The local store (SQLite) failed. */
  ND_STORE: 'store',
  /** A required external program is missing. */
  ND_DEPENDENCY: 'dependency',
  /** A bug in netdoctor (an invariant broke); the message says what. */
  ND_INTERNAL: 'internal',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

type ErrorLang = 'en' | 'ja';

/** One error sentence in every language, `{name}` placeholders filled from the error's params. */
export interface ErrorText {
  /** Stable message id, `<capability>.<name>` (set by `defineErrors`). */
  readonly id: string;
  readonly en: string;
  readonly ja: string;
}

/**
 * Declares a capability's error sentences; each gets the id `<prefix>.<key>`. The type demands
 * every language; `errors.test.ts` checks the placeholders agree and no sentence names a CLI flag.
 */
export function defineErrors<const T extends Record<string, { readonly en: string; readonly ja: string }>>(
  prefix: string,
  entries: T,
): { readonly [K in keyof T]: ErrorText } {
  const out: Record<string, ErrorText> = {};
  for (const [key, t] of Object.entries(entries)) out[key] = { id: `${prefix}.${key}`, en: t.en, ja: t.ja };
  return out as { readonly [K in keyof T]: ErrorText };
}

/** A parameter already worded in each language (a reason, a list of per-server problems). */
export interface LocalParam {
  readonly en: string;
  readonly ja: string;
}

export type ErrorParams = Readonly<Record<string, ParamValue | LocalParam>>;

/** Words a parameter in both languages: `both('no reply', '応答なし')`. */
export function both(en: string, ja: string): LocalParam {
  return { en, ja };
}

export interface NetdoctorErrorOptions {
  /** What the error is about: a file path, `-` for stdin, a server address, a value given. */
  input?: string;
  /** The library option at fault (`timeoutMs`, `ports`): the CLI shows its own flag instead. */
  option?: string;
  /** Byte offset in the input where the problem was found. */
  offset?: number;
  /** Values for the sentence's `{name}` placeholders. */
  params?: ErrorParams;
  cause?: unknown;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

function paramText(v: ParamValue | LocalParam, lang: ErrorLang): string {
  if (Array.isArray(v)) return v.join(lang === 'ja' ? '、' : ', ');
  if (typeof v === 'object') return (v as LocalParam)[lang];
  return String(v);
}

/** Fills an error sentence; a missing parameter shows as `{name}` rather than hiding the error. */
export function fillError(template: string, params: ErrorParams | undefined, lang: ErrorLang): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = params?.[name];
    return v === undefined ? whole : paramText(v, lang);
  });
}

/** The text of a nested cause, e.g. a zlib or XML parser message, kept as the peer said it. */
export function causeText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}

export class NetdoctorError extends Error {
  override readonly name = 'NetdoctorError';
  readonly code: ErrorCode;
  /** The message id (`dns.badPort`), stable across releases and languages. */
  readonly messageId: string;
  readonly text: ErrorText;
  readonly params: ErrorParams | undefined;
  readonly input: string | undefined;
  readonly option: string | undefined;
  readonly offset: number | undefined;

  /** `text` is a catalog sentence (`defineErrors`), in every language. */
  constructor(code: ErrorCode, text: ErrorText, options: NetdoctorErrorOptions = {}) {
    super(
      fillError(text.en, options.params, 'en'),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.text = text;
    this.messageId = text.id;
    this.params = options.params;
    this.input = options.input;
    this.option = options.option;
    this.offset = options.offset;
  }

  /** The sentence in `lang`. */
  sentence(lang: ErrorLang = 'en'): string {
    return fillError(this.text[lang], this.params, lang);
  }

  /**
   * The one line the CLI prints: `<input>: <problem> (at byte N)`. `where` overrides the
   * subject (the CLI passes the flag that stands for `option`).
   */
  oneLine(lang: ErrorLang = 'en', where?: string): string {
    const subject = where ?? this.input ?? this.option;
    const shown = subject === '-' ? (lang === 'ja' ? '標準入力' : 'stdin') : subject;
    const head = shown === undefined ? '' : `${shown}: `;
    const at =
      this.offset === undefined
        ? ''
        : lang === 'ja'
          ? `（${this.offset} バイト目）`
          : ` (at byte ${this.offset})`;
    return `${head}${this.sentence(lang)}${at}`;
  }
}

const CORE = defineErrors('core', {
  internal: { en: 'internal error: {what}', ja: '内部エラー: {what}' },
});

/** A usage error: a bad argument, value or option. */
export function usageError(text: ErrorText, input?: string, params?: ErrorParams): NetdoctorError {
  return new NetdoctorError('ND_USAGE', text, {
    ...(input === undefined ? {} : { input }),
    ...(params === undefined ? {} : { params }),
  });
}

/** A usage error about a library option (`ports`, `timeoutMs`): the CLI names its flag instead. */
export function optionError(text: ErrorText, option: string, params?: ErrorParams): NetdoctorError {
  return new NetdoctorError('ND_USAGE', text, { option, ...(params === undefined ? {} : { params }) });
}

/** A broken invariant: a bug in netdoctor; `what` is for the developer who reads the report. */
export function internalError(what: string): NetdoctorError {
  return new NetdoctorError('ND_INTERNAL', CORE.internal, { params: { what } });
}

export function isNetdoctorError(e: unknown): e is NetdoctorError {
  return e instanceof NetdoctorError;
}

/** Node's system-error code (`ENOENT`, `ECONNREFUSED` …) if `e` carries one. */
export function systemCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return undefined;
}

export const coreErrorTexts = CORE;
