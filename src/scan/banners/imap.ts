/** IMAP: "* OK" greeting, then CAPABILITY to see STARTTLS (RFC 3501 §6.1.1) and LOGINDISABLED; LOGOUT. */
import { firstLine, type Greeted, greeted } from './conversation.js';
import type { ProbeContext, ServiceInfo } from './types.js';

export async function probeImap(ctx: ProbeContext, open?: Greeted): Promise<ServiceInfo> {
  const g = await greeted(ctx, open, (s) => s.includes('\n'));
  if ('error' in g) return { service: 'imap', error: g.error };
  const { c, greeting } = g;
  c.write('nd1 CAPABILITY\r\n');
  const caps = await c.read((s) => /(^|\n)nd1 /.test(s));
  c.write('nd2 LOGOUT\r\n');
  c.close();
  const all = `${greeting}\n${caps}`;
  return {
    service: 'imap',
    banner: firstLine(greeting),
    starttls: /\bSTARTTLS\b/i.test(all),
  };
}
