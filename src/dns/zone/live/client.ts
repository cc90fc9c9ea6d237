/**
 * The zone doctor's DNS client: single questions to one authoritative server with the RD bit
 * chosen (RD=0 to read what a server is authoritative for; RD=1 to test for open recursion),
 * UDP with TCP on truncation, and AXFR over TCP. Records come back in the zone model's
 * canonical text, so they compare line for line with a zone file.
 *
 * Separate from dns/transport.ts (which always asks recursively and hides the referral sections
 * a delegation check needs). Messages are encoded and decoded by dns-packet.
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';
import type { ServerAddress } from '../../transport.js';
import { ipv6Text, quoteString } from '../rdata.js';
import { typeCode, typeName } from '../types.js';

/** A record as a server sent it, in canonical presentation form. */
export interface WireRecord {
  owner: string;
  ttl: number;
  type: string;
  rdata: string;
}

export interface Reply {
  rcode: string;
  aa: boolean;
  ra: boolean;
  answers: WireRecord[];
  authorities: WireRecord[];
  additionals: WireRecord[];
}

export class ClientError extends Error {
  constructor(
    readonly reason: 'timeout' | 'refused' | 'unreachable' | 'malformed' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

const abs = (n: string) => (n === '' || n === '.' ? '.' : n.endsWith('.') ? n : `${n}.`);
const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const chunk = (s: string) => s.match(/.{1,56}/g)?.join(' ') ?? '';

/** Types whose text this client produces exactly as the zone parser does. */
export const COMPARABLE_TYPES = new Set([
  'A',
  'AAAA',
  'NS',
  'CNAME',
  'PTR',
  'DNAME',
  'MX',
  'TXT',
  'SPF',
  'SOA',
  'SRV',
  'CAA',
]);

function rdataText(a: packet.Answer): string {
  const d = (a as { data: unknown }).data as never as Record<string, unknown> & Buffer;
  switch (a.type) {
    case 'A':
      return String(d);
    case 'AAAA':
      return ipv6Text(String(d));
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return abs(String(d));
    case 'MX':
      return `${d.preference} ${abs(String(d.exchange))}`;
    case 'TXT':
    case 'SPF' as packet.RecordType: {
      const parts = Array.isArray(d) ? (d as Buffer[]) : [d as Buffer];
      return parts.map((p) => quoteString(Buffer.isBuffer(p) ? p.toString('latin1') : String(p))).join(' ');
    }
    case 'SOA':
      return `${abs(String(d.mname))} ${abs(String(d.rname))} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'SRV':
      return `${d.priority ?? 0} ${d.weight ?? 0} ${d.port} ${abs(String(d.target))}`;
    case 'CAA':
      return `${d.issuerCritical ? 128 : (d.flags ?? 0)} ${d.tag} ${quoteString(String(d.value))}`;
    default: {
      const raw = Buffer.isBuffer(d) ? d : undefined;
      return raw ? `\\# ${raw.length} ${chunk(hex(raw))}`.trim() : JSON.stringify(d);
    }
  }
}

function toWire(a: packet.Answer): WireRecord | undefined {
  if (a.type === 'OPT') return undefined;
  const type = typeName(typeCode(String(a.type)) ?? 0);
  return { owner: abs(a.name), ttl: 'ttl' in a ? (a.ttl ?? 0) : 0, type, rdata: rdataText(a) };
}

function decodeReply(
  buf: Buffer,
): packet.DecodedPacket & { rcode?: string; flag_aa?: boolean; flag_ra?: boolean } {
  return packet.decode(buf) as never;
}

function toReply(p: ReturnType<typeof decodeReply>): Reply {
  const list = (l: packet.Answer[] | undefined) => (l ?? []).map(toWire).filter((x): x is WireRecord => !!x);
  return {
    rcode: p.rcode ?? 'NOERROR',
    aa: !!p.flag_aa,
    ra: !!p.flag_ra,
    answers: list(p.answers),
    authorities: list(p.authorities),
    additionals: list(p.additionals),
  };
}

function query(name: string, type: string, rd: boolean): { id: number; msg: packet.Packet } {
  const id = randomInt(0, 0x10000);
  return {
    id,
    msg: {
      type: 'query',
      id,
      flags: rd ? packet.RECURSION_DESIRED : 0,
      questions: [{ name, type: type as packet.RecordType, class: 'IN' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 1232,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ],
    },
  };
}

function failure(err: NodeJS.ErrnoException): ClientError {
  if (err.code === 'ECONNREFUSED') return new ClientError('refused', 'connection refused');
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return new ClientError('closed', 'connection reset');
  return new ClientError('unreachable', err.code ?? err.message);
}

function udp(
  server: ServerAddress,
  name: string,
  type: string,
  rd: boolean,
  timeoutMs: number,
): Promise<Buffer> {
  const { id, msg } = query(name, type, rd);
  const sock = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      sock.removeAllListeners();
      sock.on('error', () => {});
      sock.close();
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new ClientError('timeout', 'timed out'))), timeoutMs);
    sock.on('error', (e) => done(() => reject(failure(e))));
    sock.on('message', (b: Buffer) => {
      if (b.length >= 2 && b.readUInt16BE(0) === id) done(() => resolve(b));
    });
    sock.connect(server.port, server.host, () =>
      sock.send(packet.encode(msg), (e) => e && done(() => reject(failure(e)))),
    );
  });
}

/**
 * Sends one TCP query and hands each reply message to `onMessage` until it returns true (AXFR
 * spans many messages). Each message is capped at 65535 bytes by its length prefix.
 */
function tcp(
  server: ServerAddress,
  name: string,
  type: string,
  rd: boolean,
  timeoutMs: number,
  onMessage: (b: Buffer) => boolean,
): Promise<void> {
  const { msg } = query(name, type, rd);
  if (type === 'AXFR') msg.additionals = [];
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: server.host, port: server.port });
    let buf: Buffer = Buffer.alloc(0);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      sock.removeAllListeners();
      sock.on('error', () => {});
      sock.destroy();
      fn();
    };
    let timer = setTimeout(() => done(() => reject(new ClientError('timeout', 'timed out'))), timeoutMs);
    sock.on('connect', () => sock.write(packet.streamEncode(msg)));
    sock.on('error', (e) => done(() => reject(failure(e))));
    sock.on('end', () => done(() => reject(new ClientError('closed', 'server closed the connection'))));
    sock.on('data', (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) return;
        const m = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        let finished: boolean;
        try {
          finished = onMessage(m);
        } catch (e) {
          done(() =>
            reject(e instanceof ClientError ? e : new ClientError('malformed', (e as Error).message)),
          );
          return;
        }
        if (finished) {
          done(resolve);
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(() => done(() => reject(new ClientError('timeout', 'timed out'))), timeoutMs);
      }
    });
  });
}

export interface AskOptions {
  /** Recursion desired (default false: ask the server what it holds itself). */
  rd?: boolean;
  timeoutMs?: number;
}

/** One question to one server; TCP when the UDP answer is truncated. */
export async function ask(
  server: ServerAddress,
  name: string,
  type: string,
  options: AskOptions = {},
): Promise<Reply> {
  const rd = options.rd ?? false;
  const t = options.timeoutMs ?? 3000;
  const first = decodeReply(await udp(server, name, type, rd, t));
  if (!(first as { flag_tc?: boolean }).flag_tc) return toReply(first);
  let out: Reply | undefined;
  await tcp(server, name, type, rd, t, (b) => {
    out = toReply(decodeReply(b));
    return true;
  });
  return out as Reply;
}

/**
 * A zone transfer (RFC 5936): every record of `zone`, or `{ refused: rcode }` when the server
 * does not allow it. Capped at `maxRecords`.
 */
export async function axfr(
  server: ServerAddress,
  zone: string,
  options: { timeoutMs?: number; maxRecords?: number } = {},
): Promise<WireRecord[] | { refused: string }> {
  const records: WireRecord[] = [];
  let soas = 0;
  let refused: string | undefined;
  const max = options.maxRecords ?? 5_000_000;
  await tcp(server, zone, 'AXFR', false, options.timeoutMs ?? 10_000, (b) => {
    const r = toReply(decodeReply(b));
    if (r.rcode !== 'NOERROR' || (records.length === 0 && r.answers[0]?.type !== 'SOA')) {
      refused = r.rcode === 'NOERROR' ? 'no SOA first' : r.rcode;
      return true;
    }
    for (const a of r.answers) {
      if (a.type === 'SOA') soas++;
      if (soas === 2 && a.type === 'SOA') return true;
      records.push(a);
      if (records.length > max) throw new ClientError('malformed', `zone transfer over ${max} records`);
    }
    return false;
  });
  return refused !== undefined ? { refused } : records;
}
