/** FTP: banner, then FEAT (RFC 2389) to see whether AUTH TLS (RFC 4217) is offered; QUIT. */
import { firstLine, type Greeted, greeted } from './conversation.js';
import type { ProbeContext, ServiceInfo } from './types.js';

/** An FTP reply is complete at the line "ddd " (RFC 959 §4.2 multi-line replies). */
const replyDone = (t: string) => /(^|\n)\d{3} [^\n]*\r?\n/.test(t);

export async function probeFtp(ctx: ProbeContext, open?: Greeted): Promise<ServiceInfo> {
  const g = await greeted(ctx, open, replyDone);
  if ('error' in g) return { service: 'ftp', error: g.error };
  const { c, greeting } = g;
  const banner = firstLine(greeting);
  c.write('FEAT\r\n');
  const feat = await c.read(replyDone);
  c.write('QUIT\r\n');
  c.close();
  const info: ServiceInfo = { service: 'ftp', banner, starttls: /^\s*AUTH\s+[^\n]*\bTLS\b/im.test(feat) };
  // "220 (vsFTPd 3.0.3)", "220 ProFTPD 1.3.8 Server (Debian)"
  const product =
    /\(([A-Za-z][\w-]*)[ _/](\d[\w.-]*)\)/.exec(banner) ??
    /^220[ -]([A-Za-z][\w-]*)[ _/](\d[\w.-]*)/.exec(banner);
  if (product) {
    info.product = product[1] as string;
    info.version = product[2] as string;
  }
  return info;
}
