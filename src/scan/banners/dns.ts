/**
 * DNS on TCP and UDP: asks `version.bind CH TXT`, the question that makes BIND (and others) tell
 * their version unless `version` is set in named.conf. One query per transport, to the port scanned.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';
import type { DnsInfo, ProbeContext, ServiceInfo } from './types.js';

function query(): packet.Packet {
  return {
    type: 'query',
    id: Math.floor(Math.random() * 65535),
    flags: 0,
    questions: [{ type: 'TXT', class: 'CH', name: 'version.bind' }],
  };
}

function describe(transport: 'udp' | 'tcp', reply: packet.Packet | undefined): DnsInfo {
  if (!reply) return { transport, rcode: 'no-answer' };
  const info: DnsInfo = { transport, rcode: (reply as { rcode?: string }).rcode ?? 'NOERROR' };
  for (const a of reply.answers ?? []) {
    if (a.type === 'TXT') {
      const data = (Array.isArray(a.data) ? a.data : [a.data]) as (string | Buffer)[];
      info.version = data.map((d) => d.toString()).join('');
    }
  }
  return info;
}

function decode(buf: Buffer): packet.Packet | undefined {
  try {
    return packet.decode(buf);
  } catch {
    return undefined;
  }
}

function overUdp(ctx: ProbeContext): Promise<DnsInfo> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(ctx.address) ? 'udp6' : 'udp4');
    const finish = (reply: packet.Packet | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(describe('udp', reply));
    };
    const timer = setTimeout(() => finish(undefined), ctx.timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (m) => finish(decode(m)));
    socket.send(packet.encode(query()), ctx.port, ctx.address);
  });
}

function overTcp(ctx: ProbeContext): Promise<DnsInfo> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ctx.address, port: ctx.port });
    let buf = Buffer.alloc(0);
    const finish = (reply: packet.Packet | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(describe('tcp', reply));
    };
    const timer = setTimeout(() => finish(undefined), ctx.timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('connect', () => socket.write(packet.streamEncode(query())));
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0))
        finish(decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      else if (buf.length > 65537) finish(undefined);
    });
  });
}

export async function probeDns(ctx: ProbeContext): Promise<ServiceInfo> {
  const dns = await Promise.all([overTcp(ctx), overUdp(ctx)]);
  const version = dns.find((d) => d.version)?.version;
  const info: ServiceInfo = { service: 'domain', dns };
  if (version) info.banner = version;
  if (dns.every((d) => d.rcode === 'no-answer')) info.error = 'no DNS answer over TCP or UDP';
  return info;
}
