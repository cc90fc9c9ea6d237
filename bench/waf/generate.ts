/**
 * Writes a generated ModSecurity v2 serial audit log of about `bytes` bytes from the entries of the
 * real mod_security2 + CRS log in test/fixtures/waf (SQL injection, XSS, path traversal, a scanner,
 * a clean request): each copy with its own boundary, unique id, client address and time, so the
 * tables have many keys. Deterministic (seeded).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/waf/modsec_audit.log', import.meta.url));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export async function generate(
  out: string,
  bytes: number,
  seed = 42,
): Promise<{ entries: number; bytes: number }> {
  const r = rng(seed);
  const text = readFileSync(FIXTURE, 'utf8');
  const templates = text
    .split(/(?=^--[0-9a-f]{8}-A--$)/m)
    .filter((e) => e.startsWith('--'))
    .map((e) => {
      const boundary = (/^--([0-9a-f]{8})-A--/.exec(e) as RegExpExecArray)[1] as string;
      return e.split(`--${boundary}-`).join('--@@B@@-');
    });
  const w = createWriteStream(out);
  let written = 0;
  let entries = 0;
  let t = Date.UTC(2026, 11, 1, 0, 0, 0);
  let buf: string[] = [];
  while (written < bytes) {
    const tpl = templates[Math.floor(r() * templates.length)] as string;
    const boundary = Math.floor(r() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    t += Math.floor(r() * 2000);
    const d = new Date(t);
    const stamp = `[${String(d.getUTCDate()).padStart(2, '0')}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)}.000000 +0000]`;
    const ip = `203.0.113.${1 + Math.floor(r() * 250)}`;
    const entry = tpl
      .split('--@@B@@-')
      .join(`--${boundary}-`)
      .replace(/^\[[^\]]+\] (\S+) 127\.0\.0\.1 /m, (_m, id: string) => `${stamp} ${id}${entries} ${ip} `)
      .replace(/^GET \/\?/m, `GET /app${entries % 300}/?`);
    buf.push(entry);
    written += entry.length;
    entries++;
    if (buf.length > 2000) {
      if (!w.write(buf.join(''))) await new Promise<void>((res) => w.once('drain', () => res()));
      buf = [];
    }
  }
  w.write(buf.join(''));
  await new Promise<void>((res) => w.end(res));
  return { entries, bytes: written };
}
