/** SSH: the server speaks first, "SSH-protoversion-softwareversion SP comments" (RFC 4253 §4.2). */
import { firstLine, talk } from './conversation.js';
import type { ProbeContext, ServiceInfo } from './types.js';

/** `SSH-2.0-OpenSSH_9.2p1 Debian-2` → product OpenSSH, version 9.2p1 Debian-2. */
export function parseSshBanner(line: string): Pick<ServiceInfo, 'product' | 'version'> {
  const m = /^SSH-[\d.]+-([^\s_]+)(?:_(\S+))?(?:\s+(.*))?$/.exec(line);
  if (!m) return {};
  const out: Pick<ServiceInfo, 'product' | 'version'> = { product: m[1] as string };
  const version = [m[2], m[3]].filter(Boolean).join(' ');
  if (version) out.version = version;
  return out;
}

export async function probeSsh(ctx: ProbeContext, greeting?: string): Promise<ServiceInfo> {
  let text = greeting;
  if (text === undefined) {
    const c = await talk({ host: ctx.address, port: ctx.port, timeoutMs: ctx.timeoutMs });
    if ('error' in c) return { service: 'ssh', error: c.error };
    text = await c.read((t) => t.includes('\n'));
    c.close();
  }
  const banner = firstLine(text);
  if (!banner.startsWith('SSH-')) return { service: 'ssh', banner, error: 'no SSH identification string' };
  return { service: 'ssh', banner, ...parseSshBanner(banner) };
}
