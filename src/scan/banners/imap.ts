/** IMAP: "* OK" greeting, then CAPABILITY to see STARTTLS (RFC 3501 §6.1.1) and LOGINDISABLED; LOGOUT. */
import { type Conversation, firstLine, talk } from './conversation.js';
import type { ProbeContext, ServiceInfo } from './types.js';

export async function probeImap(
  ctx: ProbeContext,
  open?: { c: Conversation; greeting: string },
): Promise<ServiceInfo> {
  let c = open?.c;
  let greeting = open?.greeting;
  if (!c) {
    const t = await talk({ host: ctx.address, port: ctx.port, timeoutMs: ctx.timeoutMs });
    if ('error' in t) return { service: 'imap', error: t.error };
    c = t;
    greeting = await c.read((s) => s.includes('\n'));
  }
  c.write('nd1 CAPABILITY\r\n');
  const caps = await c.read((s) => /(^|\n)nd1 /.test(s));
  c.write('nd2 LOGOUT\r\n');
  c.close();
  const all = `${greeting}\n${caps}`;
  return {
    service: 'imap',
    banner: firstLine(greeting ?? ''),
    starttls: /\bSTARTTLS\b/i.test(all),
  };
}
