/**
 * netdoctor's errors: few classes, stable codes, messages that name the input.
 *
 * Everything a command cannot do (unreadable input, unreachable server, bad usage) is thrown as a
 * `NetdoctorError`. The CLI prints `netdoctor: <input>: <problem> (at byte N)` and exits 2; the
 * stack appears only with `--debug`. Low-level codes (ENOENT, ETIMEOUT, …) are translated into
 * these at one boundary per subsystem (`core/input.ts`, `dns/resolver.ts`), not in every check.
 */

export const ERROR_CODES = {
  /** Bad command line: unknown flag, missing argument, invalid value. */
  ND_USAGE: 'usage',
  /** A file or stdin could not be opened or read. */
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
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface NetdoctorErrorOptions {
  /** What the error is about: a file path, `-` for stdin, a server address, a flag. */
  input?: string;
  /** Byte offset in the input where the problem was found. */
  offset?: number;
  cause?: unknown;
}

export class NetdoctorError extends Error {
  override readonly name = 'NetdoctorError';
  readonly code: ErrorCode;
  readonly input: string | undefined;
  readonly offset: number | undefined;

  constructor(code: ErrorCode, message: string, options: NetdoctorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.input = options.input;
    this.offset = options.offset;
  }

  /** The one line the CLI prints: `<input>: <problem> (at byte N)`. */
  oneLine(): string {
    const where = this.input === undefined ? '' : `${this.input === '-' ? 'stdin' : this.input}: `;
    const at = this.offset === undefined ? '' : ` (at byte ${this.offset})`;
    return `${where}${this.message}${at}`;
  }
}

export function usageError(message: string, input?: string): NetdoctorError {
  return new NetdoctorError('ND_USAGE', message, input === undefined ? {} : { input });
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
