/**
 * A small DNS server on 127.0.0.1 that answers from one RFC 7208 suite scenario's `zonedata`, so
 * the suite's cases reach netdoctor's own Resolver over real DNS (UDP, dns-packet). BIND cannot
 * serve these scenarios as they are: they need per-type timeouts (`TIMEOUT`), names that differ
 * only per scenario, and records BIND rejects on load (bad characters, over-long strings).
 *
 * Driver semantics follow pyspf's test runner (see the suite's SOURCE.md): SPF entries double as
 * TXT when the name has no TXT entry; `NONE` is NODATA; `TIMEOUT` (alone, or as a type's value)
 * sends no reply; a name missing from the zonedata is NXDOMAIN, except `error.*` which times out;
 * CNAMEs are followed one level.
 */
import dgram from 'node:dgram';
import * as packet from 'dns-packet';
import { freePort } from '../harness/ports.js';

export type ZoneEntry = string | Record<string, unknown>;
export type ZoneData = Record<string, ZoneEntry[]>;

type Answer = packet.Answer;
type Outcome = { timeout: true } | { rcode: 'NOERROR' | 'NXDOMAIN'; answers: Answer[] };

function lower(data: ZoneData): Map<string, ZoneEntry[]> {
  const m = new Map<string, ZoneEntry[]>();
  for (const [name, entries] of Object.entries(data ?? {})) {
    const key = name.toLowerCase().replace(/\.$/, '');
    m.set(key, [...(m.get(key) ?? []), ...(entries ?? [])]);
  }
  return m;
}

function txtStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

function toAnswer(name: string, type: string, v: unknown): Answer | undefined {
  const base = { name, ttl: 300, class: 'IN' as const };
  switch (type) {
    case 'A':
    case 'AAAA':
      return { ...base, type, data: String(v) };
    case 'TXT':
      return { ...base, type: 'TXT', data: txtStrings(v) };
    case 'MX': {
      const [preference, exchange] = v as [number, string];
      return { ...base, type: 'MX', data: { preference, exchange: String(exchange) } };
    }
    case 'PTR':
    case 'CNAME':
      return { ...base, type, data: String(v) };
  }
  return undefined;
}

export class SuiteDns {
  private zone = new Map<string, ZoneEntry[]>();
  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
  ) {}

  static async start(): Promise<SuiteDns> {
    const port = await freePort();
    const socket = dgram.createSocket('udp4');
    const server = new SuiteDns(socket, port);
    socket.on('message', (msg, rinfo) => server.reply(msg, rinfo));
    await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  serve(data: ZoneData): void {
    this.zone = lower(data);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  /** The answer to `name type`, by the suite's rules; `depth` limits CNAME following to one level. */
  answer(name: string, type: string, depth = 0): Outcome {
    const key = name.toLowerCase().replace(/\.$/, '');
    const entries = this.zone.get(key);
    if (entries === undefined) {
      return key.startsWith('error.') ? { timeout: true } : { rcode: 'NXDOMAIN', answers: [] };
    }
    const hasTxt = entries.some((e) => typeof e === 'object' && 'TXT' in e);
    const answers: Answer[] = [];
    let cname: string | undefined;
    for (const e of entries) {
      if (e === 'TIMEOUT') {
        if (answers.length === 0) return { timeout: true };
        continue;
      }
      if (typeof e !== 'object') continue;
      const [[t, v]] = Object.entries(e) as [[string, unknown]];
      const asType = t === 'SPF' && !hasTxt ? 'TXT' : t;
      if (asType === 'CNAME' && type !== 'CNAME') cname = String(v);
      if (asType !== type) continue;
      if (v === 'TIMEOUT') return { timeout: true };
      if (v === 'NONE') continue;
      const a = toAnswer(name, type, v);
      if (a) answers.push(a);
    }
    if (answers.length === 0 && cname !== undefined && depth === 0) {
      const target = this.answer(cname, type, depth + 1);
      if ('timeout' in target) return target;
      const link = toAnswer(name, 'CNAME', cname) as Answer;
      return { rcode: target.rcode, answers: [link, ...target.answers] };
    }
    return { rcode: 'NOERROR', answers };
  }

  private reply(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    let query: packet.DecodedPacket;
    try {
      query = packet.decode(msg);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    if (!q) return;
    const outcome = this.answer(q.name, q.type);
    if ('timeout' in outcome) return;
    const flags = packet.AUTHORITATIVE_ANSWER | (outcome.rcode === 'NXDOMAIN' ? 3 : 0);
    let out: Buffer;
    try {
      out = packet.encode({
        type: 'response',
        id: query.id,
        flags,
        questions: [q],
        answers: outcome.answers,
      });
    } catch {
      out = packet.encode({ type: 'response', id: query.id, flags: flags | 2, questions: [q] }); // SERVFAIL
    }
    this.socket.send(out, rinfo.port, rinfo.address);
  }
}
