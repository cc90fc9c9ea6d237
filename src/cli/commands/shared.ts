/** Flags and helpers several commands share: the DNS server choice above all. */
import { usageError } from '../../core/errors.js';
import { RESOLVER_DEFAULTS, Resolver } from '../../dns/index.js';
import type { OptionSpec, OptionValues } from '../command.js';

export const RESOLVER_OPTIONS: Record<string, OptionSpec> = {
  server: {
    type: 'string',
    multiple: true,
    valueName: 'IP[:PORT]',
    description: 'DNS server to ask, e.g. 127.0.0.1:5353 or [::1]:53',
    defaultText: '$NETDOCTOR_DNS_SERVER, else the system resolvers in /etc/resolv.conf',
  },
  timeout: {
    type: 'string',
    valueName: 'SECONDS',
    description: 'how long to wait for each DNS reply',
    defaultText: String(RESOLVER_DEFAULTS.timeoutMs / 1000),
  },
  retries: {
    type: 'string',
    valueName: 'N',
    description: 'how many times to ask again after a timeout',
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
    throw usageError(
      `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${String(raw)}")`,
      `--${name}`,
    );
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
