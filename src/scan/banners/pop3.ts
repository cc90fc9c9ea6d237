/** POP3: "+OK" greeting, then CAPA (RFC 2449) to see whether STLS (RFC 2595) is offered; QUIT. */
import { firstLine, type Greeted, greeted } from './conversation.js';
import type { ProbeContext, ServiceInfo } from './types.js';

export async function probePop3(ctx: ProbeContext, open?: Greeted): Promise<ServiceInfo> {
  const g = await greeted(ctx, open, (s) => s.includes('\n'));
  if ('error' in g) return { service: 'pop3', error: g.error };
  const { c, greeting } = g;
  c.write('CAPA\r\n');
  // A multi-line CAPA answer ends with a line holding a single "." (RFC 1939 §3); -ERR is one line.
  const capa = await c.read((s) => /^-ERR/.test(s) || /\r?\n\.\r?\n$/.test(s));
  c.write('QUIT\r\n');
  c.close();
  return { service: 'pop3', banner: firstLine(greeting), starttls: /^STLS\b/im.test(capa) };
}
