/**
 * What a monitor check is: a kind (`tcp`, `http` …) in one file under `checks/`, registered by
 * one line in `checks/index.ts`. A check takes a target and options, does one probe within its
 * deadline and says what it found in the monitoring-plugins' four states, with findings (the
 * sentences, en + ja, from `messages.ts`) and performance data.
 */

import type { Finding } from '../core/findings.js';
import type { Resolver } from '../dns/index.js';

/** The monitoring-plugins states, in their exit-status order (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
export type CheckState = 'ok' | 'warning' | 'critical' | 'unknown';

export const STATE_EXIT: Readonly<Record<CheckState, 0 | 1 | 2 | 3>> = {
  ok: 0,
  warning: 1,
  critical: 2,
  unknown: 3,
};

/** One performance-data value (`label=value[UOM];[warn];[crit];[min];[max]`). */
export interface PerfValue {
  label: string;
  value: number;
  /** `s`, `ms`, `%`, `B`, `c` or '' (a plain number). */
  uom: '' | 's' | 'ms' | '%' | 'B' | 'c';
  warn?: number;
  crit?: number;
  min?: number;
  max?: number;
}

/** Options common to every kind, plus the kind-specific ones (each kind reads its own). */
export interface CheckOptions {
  port?: number;
  /** The whole check's deadline (connect, handshake, reply, body). */
  timeoutMs: number;
  /** Response time above which the state is WARNING / CRITICAL (ms). */
  warnMs?: number;
  critMs?: number;
  /** http: the path (and query), e.g. `/health`. */
  path?: string;
  /** http: a string the body must contain. */
  keyword?: string;
  /** http: accepted status codes (default: 2xx and 3xx OK, 4xx WARNING, 5xx CRITICAL). */
  expectStatus?: readonly number[];
  /** http: follow up to this many redirects (default 0: a 3xx is the answer). */
  followRedirects?: number;
  /** http/tls/smtp: SNI and certificate name, when the target is an address. */
  servername?: string;
  /** Certificate: WARNING / CRITICAL below this many days left. */
  certWarnDays?: number;
  certCritDays?: number;
  /** Trust anchors (PEM) instead of the system CAs. */
  ca?: string;
  /** dns: the record type and the answers expected (any order). */
  recordType?: string;
  expect?: readonly string[];
  /** dns, dnsbl, smtp (FCrDNS), mail-audit: the DNS servers to ask. */
  servers?: readonly string[];
  /** dns: compare the SOA serial across these servers too (drift between NS). */
  serialServers?: readonly string[];
  /** dnsbl: the blocklist zones, e.g. `['zen.spamhaus.org']`. */
  blocklists?: readonly string[];
  /** tcp/imap/pop3: a string the greeting must start with. */
  expectBanner?: string;
  /** smtp/imap/pop3: require STARTTLS / STLS to work. */
  startTls?: boolean;
  /** icmp: echo requests to send; loss % for WARNING / CRITICAL. */
  packets?: number;
  warnLoss?: number;
  critLoss?: number;
  /** listeners: the allow-list file and its text. */
  allowFile?: string;
  allowText?: string;
  /** exposure: ports that must be closed (`22,3306`). */
  closedPorts?: string;
  /** smtp: check the FCrDNS of the server's address (an IP target; default false). */
  fcrdns?: boolean;
}

/**
 * What an exchange needs of a deadline: an AbortSignal has it, and so has the cheaper
 * `ctx.deadline` the TCP and HTTP kinds use (one listener added and removed per check).
 */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface CheckContext {
  /** Aborted at the deadline; a check stops its sockets and child processes on it. */
  readonly signal: AbortSignal;
  /** The same deadline without an AbortController behind it, for the sockets of the busiest kinds. */
  readonly deadline: AbortLike;
  /** A resolver for the kinds that ask DNS (bound to `servers`, or the system's), loaded on first use. */
  resolver(): Promise<Resolver>;
  /** When the check started (ms since the epoch), for the response time. */
  started: number;
}

export interface CheckOutcome {
  state: CheckState;
  /**
   * The finding ids and params behind the state, worst first as the check judged them; the
   * status line is made from the first one's title.
   */
  findings: Finding[];
  perf: PerfValue[];
  /** What the check saw (status code, certificate days, answers …), for --json and history. */
  data?: Record<string, unknown>;
}

export interface CheckKind {
  /** The kind's name, as typed after `netdoctor check`. */
  kind: string;
  /** The label in the Nagios status line (`TCP`, `HTTP`, `SMTP` …). */
  label: string;
  /** The default port, when the kind talks to one. */
  defaultPort?: number;
  /** Checks the target (an address, a name, `host:port`, a file …) before anything runs. */
  validate?(target: string, options: CheckOptions): void;
  run(target: string, options: CheckOptions, ctx: CheckContext): Promise<CheckOutcome>;
}
