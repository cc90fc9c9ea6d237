/**
 * One DNS exchange with one server over UDP (EDNS0, 1232-byte payload) or TCP.
 *
 * Messages are encoded and decoded by `dns-packet`; only the socket handling is ours. We use our
 * own transport rather than Node's c-ares resolver because a diagnosis needs what c-ares hides:
 * TTLs for every record type, the exact RCODE (NXDOMAIN vs NODATA vs SERVFAIL vs REFUSED), the AA
 * flag, and which server said it.
 */

import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';

export interface ServerAddress {
  host: string;
  port: number;
}

export type DecodedReply = packet.DecodedPacket & { rcode: string };

/** Why one exchange produced no reply; `dns/resolver.ts` turns these into netdoctor's words. */
export class ExchangeFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'refused' | 'unreachable' | 'malformed' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

const EDNS_PAYLOAD = 1232; // the DNS Flag Day 2020 size: avoids IP fragmentation
const MAX_TCP_MESSAGE = 65535;

export function buildQuery(name: string, type: packet.RecordType): { id: number; message: packet.Packet } {
  const id = randomInt(0, 0x10000);
  return {
    id,
    message: {
      type: 'query',
      id,
      flags: packet.RECURSION_DESIRED,
      questions: [{ type, name, class: 'IN' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: EDNS_PAYLOAD,
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

/** A reply belongs to our query when its id, QR bit and question match (RFC 5452 §9.1). */
function matches(reply: DecodedReply, id: number, name: string, type: string): boolean {
  if (reply.id !== id || reply.type !== 'response') return false;
  const q = reply.questions?.[0];
  if (q === undefined) return reply.rcode !== 'NOERROR'; // FORMERR/REFUSED replies may drop the question
  return q.name.toLowerCase() === name.toLowerCase() && q.type === type;
}

function failureFor(err: NodeJS.ErrnoException): ExchangeFailure {
  if (err.code === 'ECONNREFUSED') return new ExchangeFailure('refused', 'connection refused');
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
    return new ExchangeFailure('closed', 'connection reset');
  return new ExchangeFailure('unreachable', err.code ?? err.message);
}

export function exchangeUdp(
  server: ServerAddress,
  name: string,
  type: packet.RecordType,
  timeoutMs: number,
): Promise<DecodedReply> {
  const { id, message } = buildQuery(name, type);
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  return new Promise<DecodedReply>((resolve, reject) => {
    let malformed = false;
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.close();
      fn();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ExchangeFailure(
              malformed ? 'malformed' : 'timeout',
              malformed ? 'only malformed replies' : 'timed out',
            ),
          ),
        ),
      timeoutMs,
    );
    socket.on('error', (err) => finish(() => reject(failureFor(err))));
    socket.on('message', (buf) => {
      let reply: DecodedReply;
      try {
        reply = packet.decode(buf) as DecodedReply;
      } catch {
        malformed = true; // a forged or broken datagram must not end the wait for the real one
        return;
      }
      if (matches(reply, id, name, type)) finish(() => resolve(reply));
    });
    // A connected socket accepts datagrams only from the server and reports ICMP port-unreachable
    // as ECONNREFUSED, so "nothing listens there" is told apart from a timeout at once.
    socket.connect(server.port, server.host, () => {
      socket.send(packet.encode(message), (err) => {
        if (err) finish(() => reject(failureFor(err)));
      });
    });
  });
}

export function exchangeTcp(
  server: ServerAddress,
  name: string,
  type: packet.RecordType,
  timeoutMs: number,
): Promise<DecodedReply> {
  const { id, message } = buildQuery(name, type);
  return new Promise<DecodedReply>((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new ExchangeFailure('timeout', 'timed out'))),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(packet.streamEncode(message)));
    socket.on('error', (err) => finish(() => reject(failureFor(err))));
    socket.on('end', () =>
      finish(() => reject(new ExchangeFailure('closed', 'server closed the connection'))),
    );
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (length > MAX_TCP_MESSAGE)
        return finish(() => reject(new ExchangeFailure('malformed', 'bad length')));
      if (received.length < 2 + length) return;
      try {
        const reply = packet.decode(received.subarray(2, 2 + length)) as DecodedReply;
        if (!matches(reply, id, name, type))
          finish(() => reject(new ExchangeFailure('malformed', 'reply does not match the query')));
        else finish(() => resolve(reply));
      } catch (e) {
        finish(() => reject(new ExchangeFailure('malformed', (e as Error).message)));
      }
    });
  });
}
