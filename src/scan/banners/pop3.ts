/** POP3: "+OK" greeting, then CAPA (RFC 2449) to see whether STLS (RFC 2595) is offered; QUIT. */
import { type Conversation, firstLine, talk } from './conversation.js';
import type { ProbeContext, ServiceInfo } from './types.js';

export async function probePop3(
  ctx: ProbeContext,
  open?: { c: Conversation; greeting: string },
): Promise<ServiceInfo> {
  let c = open?.c;
  let greeting = open?.greeting;
  if (!c) {
    const t = await talk({ host: ctx.address, port: ctx.port, timeoutMs: ctx.timeoutMs });
    if ('error' in t) return { service: 'pop3', error: t.error };
    c = t;
    greeting = await c.read((s) => s.includes('\n'));
  }
  c.write('CAPA\r\n');
  // A multi-line CAPA answer ends with a line holding a single "." (RFC 1939 §3); -ERR is one line.
  const capa = await c.read((s) => /^-ERR/.test(s) || /\r?\n\.\r?\n$/.test(s));
  c.write('QUIT\r\n');
  c.close();
  return { service: 'pop3', banner: firstLine(greeting ?? ''), starttls: /^STLS\b/im.test(capa) };
}
