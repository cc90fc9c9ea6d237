/**
 * The one resolver every capability uses: which servers, how long to wait, how often to retry,
 * and a per-run cache so that a mail audit asking for the same name twice sends one query.
 *
 * Low-level outcomes are translated here, once: DNS RCODEs become an answer `status`
 * (`nxdomain`, `nodata`, `servfail`, `refused`), and a server that cannot be reached (timeout,
 * ICMP port unreachable, no route) becomes a `NetdoctorError` with code `ND_DNS_UNREACHABLE`.
 *
 * @example
 *   const r = new Resolver({ servers: ['127.0.0.1:5353'], timeoutMs: 2000 });
 *   const a = await r.query('example.org', 'MX'); // a.status === 'ok', a.records[0].ttl …
 */
import dns from 'node:dns';
import net from 'node:net';
import { both, fillError, type LocalParam, NetdoctorError, optionError, usageError } from '../core/errors.js';
import { DNS_ERRORS } from './error-messages.js';
import { asciiName } from './idn.js';
import { type DnsRecord, type LookupType, toRecord } from './records.js';
import {
  type DecodedReply,
  ExchangeFailure,
  exchangeTcp,
  exchangeUdp,
  type ServerAddress,
} from './transport.js';

export type AnswerStatus = 'ok' | 'nxdomain' | 'nodata' | 'servfail' | 'refused' | 'error';

export interface DnsAnswer {
  /** The name asked for, lower-case, without the trailing dot. */
  name: string;
  type: LookupType;
  status: AnswerStatus;
  /** The RCODE of the last reply, e.g. `NOERROR`, `NXDOMAIN`. */
  rcode: string;
  /** Records of the asked type, after any CNAME chain. */
  records: DnsRecord[];
  /** CNAME records followed on the way, in order. */
  cnames: DnsRecord[];
  /** Whether the reply came from a server authoritative for the name (AA flag). */
  authoritative: boolean;
  /** The server that answered, as `host:port`. */
  server: string;
  /** The zone apex named by the SOA in the authority section (NXDOMAIN/NODATA replies), if any. */
  zone?: string;
}

export interface ResolverOptions {
  /** Servers as `IP`, `IP:port`, `[IPv6]:port`; default: $NETDOCTOR_DNS_SERVER, else /etc/resolv.conf's. */
  servers?: readonly string[];
  /** How long to wait for one reply, in milliseconds. */
  timeoutMs?: number;
  /** How many more times to ask each server after a timeout. */
  retries?: number;
}

export const RESOLVER_DEFAULTS = { timeoutMs: 3000, retries: 1 } as const;
const MAX_CNAME_CHAIN = 8;

/** Parses `IP`, `IP:port`, `[IPv6]` or `[IPv6]:port`; host names are refused (DNS is what we test). */
export function parseServer(spec: string): ServerAddress {
  const s = spec.trim();
  let host = s;
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) {
    host = bracket[1] as string;
    if (bracket[2] !== undefined) port = Number(bracket[2]);
  } else if (net.isIPv4(s.split(':')[0] ?? '') && s.includes(':')) {
    const [h, p] = s.split(':');
    host = h as string;
    port = Number(p);
  }
  if (!net.isIP(host)) {
    throw usageError(DNS_ERRORS.serverNotAddress, spec);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(DNS_ERRORS.badPort, spec);
  return { host, port };
}

export function formatServer(s: ServerAddress): string {
  return net.isIPv6(s.host) ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

/**
 * The servers used when none is given: the system's resolvers from /etc/resolv.conf. (The CLI
 * gives `NETDOCTOR_DNS_SERVER` as the default of `--server`; the library reads no environment.)
 */
function defaultServers(): ServerAddress[] {
  const found = dns.getServers().map(parseServer);
  return found.length > 0 ? found : [{ host: '127.0.0.1', port: 53 }];
}

function statusOf(rcode: string, records: number): AnswerStatus {
  if (rcode === 'NOERROR') return records > 0 ? 'ok' : 'nodata';
  if (rcode === 'NXDOMAIN') return 'nxdomain';
  if (rcode === 'SERVFAIL') return 'servfail';
  if (rcode === 'REFUSED') return 'refused';
  return 'error';
}

const REASON_TEXT: Record<ExchangeFailure['reason'], LocalParam> = {
  timeout: both('no reply', '応答なし'),
  refused: both(
    'connection refused: is a DNS server listening there?',
    '接続拒否: そこで DNS サーバーが待ち受けていますか？',
  ),
  unreachable: both('network unreachable', 'ネットワークに到達できません'),
  malformed: both('malformed reply', '応答の形式が不正です'),
  closed: both('connection closed', '接続が切れました'),
};

export class Resolver {
  readonly servers: readonly ServerAddress[];
  readonly timeoutMs: number;
  readonly retries: number;
  /** How many DNS messages this resolver has sent (cache hits excluded). */
  queriesSent = 0;
  private readonly cache = new Map<string, Promise<DnsAnswer>>();

  constructor(options: ResolverOptions = {}) {
    this.servers = options.servers?.length ? options.servers.map(parseServer) : defaultServers();
    this.timeoutMs = options.timeoutMs ?? RESOLVER_DEFAULTS.timeoutMs;
    this.retries = options.retries ?? RESOLVER_DEFAULTS.retries;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0)
      throw optionError(DNS_ERRORS.timeoutMs, 'timeoutMs', { value: this.timeoutMs });
    if (!Number.isInteger(this.retries) || this.retries < 0 || this.retries > 10) {
      throw optionError(DNS_ERRORS.retries, 'retries', { value: this.retries });
    }
  }

  /** Asks for `type` records of `name`, following CNAMEs; cached for the life of this resolver. */
  query(name: string, type: LookupType): Promise<DnsAnswer> {
    let norm: string;
    try {
      // A name typed in Unicode (例え.jp) is asked as its A-labels (xn--r8jz45g.jp): UTS #46.
      norm = asciiName(name).toLowerCase().replace(/\.$/, '');
    } catch (e) {
      return Promise.reject(e);
    }
    const key = `${type} ${norm}`;
    let pending = this.cache.get(key);
    if (pending === undefined) {
      pending = this.resolveChain(norm, type);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key)); // do not cache an unreachable server
    }
    return pending;
  }

  private async resolveChain(name: string, type: LookupType): Promise<DnsAnswer> {
    const cnames: DnsRecord[] = [];
    let current = name;
    for (let hop = 0; ; hop++) {
      const { reply, server } = await this.exchange(current, type);
      const records: DnsRecord[] = [];
      let target = current;
      // Walk the answer section in chain order: CNAMEs lead from the asked name to the target.
      for (const a of reply.answers ?? []) {
        const r = toRecord(a);
        if (r === undefined) continue;
        if (r.type === 'CNAME' && type !== 'CNAME' && r.name === target) {
          cnames.push(r);
          target = (r.data as { target: string }).target.toLowerCase();
        } else if (r.type === type && (r.name === target || type === 'CNAME')) {
          records.push(r);
        }
      }
      const chased = target !== current && records.length === 0 && reply.rcode === 'NOERROR';
      if (chased && hop < MAX_CNAME_CHAIN) {
        current = target; // an authoritative server returns only the CNAME for an out-of-zone target
        continue;
      }
      const soa = (reply.authorities ?? []).find((a) => a.type === 'SOA');
      return {
        ...(soa ? { zone: soa.name.toLowerCase() } : {}),
        name,
        type,
        status: statusOf(reply.rcode, records.length),
        rcode: reply.rcode,
        records,
        cnames,
        authoritative: reply.flag_aa,
        server: formatServer(server),
      };
    }
  }

  private async exchange(
    name: string,
    type: LookupType,
  ): Promise<{ reply: DecodedReply; server: ServerAddress }> {
    const problems: LocalParam[] = [];
    let timedOut = false;
    let lastAnswer: { reply: DecodedReply; server: ServerAddress } | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      for (const server of this.servers) {
        try {
          this.queriesSent++;
          let reply = await exchangeUdp(server, name, type, this.timeoutMs);
          if (reply.flag_tc) reply = await exchangeTcp(server, name, type, this.timeoutMs);
          // SERVFAIL and REFUSED are answers, but another server may do better (as stub resolvers do).
          if (reply.rcode === 'SERVFAIL' || reply.rcode === 'REFUSED') {
            lastAnswer = { reply, server };
            continue;
          }
          return { reply, server };
        } catch (e) {
          if (!(e instanceof ExchangeFailure)) throw e;
          const why = REASON_TEXT[e.reason];
          problems.push(both(`${formatServer(server)}: ${why.en}`, `${formatServer(server)}: ${why.ja}`));
          if (e.reason === 'timeout') timedOut = true;
          if (e.reason === 'refused' || e.reason === 'unreachable') continue; // retrying will not help
        }
      }
      if (lastAnswer) return lastAnswer;
    }
    if (lastAnswer) return lastAnswer;
    const parts = [...new Map(problems.map((p) => [p.en, p])).values()];
    if (timedOut) {
      const w = DNS_ERRORS.waited;
      const n = { seconds: this.timeoutMs / 1000, tries: this.retries + 1 };
      parts.push(both(fillError(w.en, n, 'en'), fillError(w.ja, n, 'ja')));
    }
    throw new NetdoctorError('ND_DNS_UNREACHABLE', DNS_ERRORS.noAnswer, {
      input: this.servers.map(formatServer).join(','),
      params: {
        name,
        type,
        problems: both(parts.map((p) => p.en).join('; '), parts.map((p) => p.ja).join('、')),
      },
    });
  }

  /**
   * A `resolver(name, rrtype)` with `dns.promises` semantics, for libraries such as mailauth:
   * NXDOMAIN rejects with `ENOTFOUND`, NODATA with `ENODATA`, SERVFAIL with `ESERVFAIL`,
   * REFUSED with `EREFUSED`, an unreachable server with `ETIMEOUT` (the NetdoctorError as cause).
   */
  nodeStyle(): (name: string, rrtype?: string) => Promise<unknown> {
    return async (name, rrtype = 'A') => {
      const type = rrtype.toUpperCase() as LookupType;
      let answer: DnsAnswer;
      try {
        answer = await this.query(name, type);
      } catch (e) {
        if (e instanceof NetdoctorError && e.code === 'ND_INPUT_FORMAT')
          throw Object.assign(new Error(`EBADNAME ${name} ${type}`), {
            code: 'EBADNAME',
            hostname: name,
            cause: e,
          });
        throw Object.assign(new Error(`DNS timeout for ${name} ${type}`), { code: 'ETIMEOUT', cause: e });
      }
      const code = {
        ok: '',
        nxdomain: 'ENOTFOUND',
        nodata: 'ENODATA',
        servfail: 'ESERVFAIL',
        refused: 'EREFUSED',
        error: 'EBADRESP',
      }[answer.status];
      if (code) throw Object.assign(new Error(`${code} ${name} ${type}`), { code, hostname: name });
      const shaped = answer.records.map((r) => nodeShape(r));
      return type === 'SOA' ? shaped[0] : shaped; // dns.promises.resolveSoa returns one object
    };
  }
}

function nodeShape(r: DnsRecord): unknown {
  const d = r.data;
  switch (d.type) {
    case 'A':
    case 'AAAA':
      return d.address;
    case 'NS':
    case 'PTR':
    case 'CNAME':
      return d.target;
    case 'MX':
      return { exchange: d.exchange, priority: d.preference };
    case 'TXT':
      return d.strings;
    case 'SOA':
      return {
        nsname: d.mname,
        hostmaster: d.rname,
        serial: d.serial,
        refresh: d.refresh,
        retry: d.retry,
        expire: d.expire,
        minttl: d.minimum,
      };
    case 'SRV':
      return { name: d.target, port: d.port, priority: d.priority, weight: d.weight };
    case 'CAA':
      return { critical: d.flags, [d.tag]: d.value };
  }
}
