/** Flags and helpers several commands share: the DNS server choice above all. */
import { usageError } from '../../core/errors.js';
import { RESOLVER_DEFAULTS, Resolver } from '../../dns/index.js';
import { LINE_FORMATS, parseTimeBound } from '../../logs/index.js';
import type { OptionSpec, OptionValues } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';

export const RESOLVER_OPTIONS: Record<string, OptionSpec> = {
  server: {
    type: 'string',
    multiple: true,
    valueName: 'IP[:PORT]',
    description: tx(
      'DNS server to ask, e.g. 127.0.0.1:5353 or [::1]:53',
      '問い合わせる DNS サーバー（例: 127.0.0.1:5353、[::1]:53）',
    ),
    defaultText: tx(
      '$NETDOCTOR_DNS_SERVER, else the system resolvers in /etc/resolv.conf',
      '$NETDOCTOR_DNS_SERVER、なければ /etc/resolv.conf のリゾルバー',
    ),
  },
  timeout: {
    type: 'string',
    valueName: 'SECONDS',
    description: tx('how long to wait for each DNS reply', 'DNS の応答 1 件あたりの待ち時間（秒）'),
    defaultText: String(RESOLVER_DEFAULTS.timeoutMs / 1000),
  },
  retries: {
    type: 'string',
    valueName: 'N',
    description: tx('how many times to ask again after a timeout', 'タイムアウト後に問い合わせ直す回数'),
    defaultText: String(RESOLVER_DEFAULTS.retries),
  },
};

/** A number flag, validated with a message that names the flag. */
export function numberOption(
  options: OptionValues,
  name: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {},
): number | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n))
  ) {
    throw usageError(integer ? CLI_ERRORS.notWholeNumber : CLI_ERRORS.notNumber, `--${name}`, {
      min,
      max,
      value: String(raw),
    });
  }
  return n;
}

/** The run's one resolver, from --server / --timeout / --retries. */
export function resolverFrom(options: OptionValues): Resolver {
  const timeout = numberOption(options, 'timeout', { min: 0.05, max: 120 });
  const retries = numberOption(options, 'retries', { min: 0, max: 10, integer: true });
  return new Resolver({
    servers: (options.server as string[] | undefined) ?? [],
    ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
    ...(retries !== undefined ? { retries } : {}),
  });
}

/** A repeatable string flag, also accepting comma-separated values (`--type A,MX --type TXT`). */
export function listOption(options: OptionValues, name: string): string[] {
  const raw = options[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * `--since` and `--until` of every log command (mail log, firewall, syslog, WAF): what they
 * accept is one parser's (`parseTimeBound` in src/logs), so it is said once.
 */
export const TIME_RANGE_OPTIONS = {
  since: {
    type: 'string' as const,
    valueName: 'TIME',
    description: tx(
      'only lines at or after TIME (2026-12-06, 2026-12-06T09:30, or 3d, 12h back)',
      'この時刻以降の行だけ（2026-12-06、2026-12-06T09:30、または 3d、12h 前から）',
    ),
  },
  until: {
    type: 'string' as const,
    valueName: 'TIME',
    description: tx('only lines before TIME', 'この時刻より前の行だけ'),
  },
};

/** `--format` of the log commands that read syslog lines (firewall, syslog): one of src/logs' formats. */
export const LOG_FORMAT_OPTION = {
  format: {
    type: 'string' as const,
    valueName: 'FORMAT',
    description: tx(
      `read every line in this format (${LINE_FORMATS.map((f) => f.id).join(', ')}); default: detected per line`,
      `すべての行をこの形式で読む（${LINE_FORMATS.map((f) => f.id).join('、')}）。既定は行ごとに判定`,
    ),
  },
};

/** `--since` and `--until` read as bounds in the local wall clock (what log stamps are in). */
export function timeRangeFrom(options: OptionValues): {
  since: number | undefined;
  until: number | undefined;
} {
  const wallNow = Date.now() - new Date().getTimezoneOffset() * 60_000;
  return {
    since: options.since === undefined ? undefined : parseTimeBound(String(options.since), wallNow, 'since'),
    until: options.until === undefined ? undefined : parseTimeBound(String(options.until), wallNow, 'until'),
  };
}
