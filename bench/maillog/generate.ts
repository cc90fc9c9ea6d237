/**
 * Writes a generated Postfix log (traditional syslog stamps, one host, several days) of about
 * `bytes` bytes: each message with its smtpd connect/client/disconnect, cleanup, qmgr and
 * delivery lines; some recipients deferred (then delivered or still deferred), some bounced, some
 * rejected at RCPT, some local pickups; over five days. Deterministic (seeded). Read by the
 * two-thread pipeline (src/maillog/pipeline.ts) in 1 MiB slots, a few hundred of its messages have
 * lines on both sides of a slot boundary, and the totals must still be pflogsumm's.
 *
 * Usage: node --import tsx bench/maillog/generate.ts OUT.log [MiB]
 */
import { createWriteStream } from 'node:fs';

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
const DOMAINS = [
  'docomo.ne.jp',
  'gmail.com',
  'ezweb.ne.jp',
  'yahoo.co.jp',
  'softbank.ne.jp',
  'example.co.jp',
  'outlook.com',
  'icloud.com',
  'nifty.com',
  'biglobe.ne.jp',
];
const DEFER = [
  '450 4.7.1 Access denied. IP name lookup failed [198.51.100.3] (in reply to RCPT TO command)',
  '421 4.7.0 [TSS04] Messages from 198.51.100.3 temporarily deferred due to user complaints (in reply to MAIL FROM command)',
  'connect to mx.example.co.jp[192.0.2.25]:25: Connection timed out',
];
const BOUNCE = [
  '550 5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)',
  '552 5.2.2 Mailbox full (in reply to RCPT TO command)',
];

export async function generate(
  out: string,
  bytes: number,
  seed = 42,
): Promise<{ lines: number; bytes: number }> {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const w = createWriteStream(out);
  let t = Date.UTC(2026, 10, 10, 0, 0, 0);
  let written = 0;
  let lines = 0;
  let buf: string[] = [];
  const flush = async () => {
    const s = `${buf.join('\n')}\n`;
    buf = [];
    if (!w.write(s)) await new Promise<void>((res) => w.once('drain', () => res()));
  };
  const stamp = () => {
    const d = new Date(t);
    const day = String(d.getUTCDate()).padStart(2, ' ');
    const hms = d.toISOString().slice(11, 19);
    return `${MON[d.getUTCMonth()]} ${day} ${hms} mx1`;
  };
  const line = (prog: string, pid: number, msg: string) => {
    const l = `${stamp()} postfix/${prog}[${pid}]: ${msg}`;
    written += l.length + 1;
    lines++;
    buf.push(l);
  };
  let n = 0;
  const step = (5 * 86400 * 1000) / (bytes / 890); // ~890 bytes a message
  while (written < bytes) {
    n++;
    t += Math.floor(r() * 2 * step); // five days whatever the size
    // Unique ids here, so that pflogsumm (one id, one message for the whole log) agrees;
    // reused ids are the unit tests' business (src/maillog/summary.test.ts).
    const qid = (0x1000000 + n).toString(16).toUpperCase().padStart(10, 'A');
    const ip = `203.0.113.${1 + Math.floor(r() * 200)}`;
    const pid = 1000 + Math.floor(r() * 9000);
    if (r() < 0.06) {
      line('smtpd', pid, `connect from unknown[${ip}]`);
      line(
        'smtpd',
        pid,
        `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <spam${n}@example.org>: Relay access denied; from=<bot@spam.example> to=<spam${n}@example.org> proto=ESMTP helo=<spam>`,
      );
      line('smtpd', pid, `disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`);
    } else {
      const local = r() < 0.1;
      const sender = `user${Math.floor(r() * 300)}@example.jp`;
      const size = 1000 + Math.floor(r() * 40000);
      if (local) line('pickup', pid, `${qid}: uid=1000 from=<${sender}>`);
      else {
        line('smtpd', pid, `connect from client${ip}.example.jp[${ip}]`);
        line(
          'smtpd',
          pid,
          `${qid}: client=client${ip}.example.jp[${ip}], sasl_method=PLAIN, sasl_username=${sender}`,
        );
      }
      line('cleanup', pid + 1, `${qid}: message-id=<${n}.${qid}@example.jp>`);
      line('qmgr', 900, `${qid}: from=<${sender}>, size=${size}, nrcpt=1 (queue active)`);
      const dom = pick(DOMAINS);
      const to = `rcpt${Math.floor(r() * 5000)}@${dom}`;
      const x = r();
      const delay = (r() * 3).toFixed(2);
      if (x < 0.05) {
        line(
          'smtp',
          pid + 2,
          `${qid}: to=<${to}>, relay=mx.${dom}[192.0.2.${Math.floor(r() * 250)}]:25, delay=${delay}, delays=0.1/0/0.5/0.6, dsn=4.7.1, status=deferred (host mx.${dom}[192.0.2.1] said: ${pick(DEFER)})`,
        );
        if (r() < 0.5) {
          line(
            'smtp',
            pid + 2,
            `${qid}: to=<${to}>, relay=mx.${dom}[192.0.2.${Math.floor(r() * 250)}]:25, delay=912, delays=900/0/5/7, dsn=2.0.0, status=sent (250 2.0.0 OK)`,
          );
          line('qmgr', 900, `${qid}: removed`);
        }
      } else if (x < 0.08) {
        line(
          'smtp',
          pid + 2,
          `${qid}: to=<${to}>, relay=mx.${dom}[192.0.2.${Math.floor(r() * 250)}]:25, delay=${delay}, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.${dom}[192.0.2.1] said: ${pick(BOUNCE)})`,
        );
        line('qmgr', 900, `${qid}: removed`);
      } else {
        line(
          'smtp',
          pid + 2,
          `${qid}: to=<${to}>, relay=mx.${dom}[192.0.2.${Math.floor(r() * 250)}]:25, delay=${delay}, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${n}X)`,
        );
        line('qmgr', 900, `${qid}: removed`);
      }
      if (!local)
        line(
          'smtpd',
          pid,
          `disconnect from client${ip}.example.jp[${ip}] ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6`,
        );
    }
    if (buf.length > 5000) await flush();
  }
  await flush();
  await new Promise<void>((res) => w.end(res));
  return { lines, bytes: written };
}

if (process.argv[1]?.endsWith('generate.ts')) {
  const out = process.argv[2] ?? 'maillog.bench';
  const mib = Number(process.argv[3] ?? 300);
  generate(out, mib * 1024 * 1024).then((r) => console.log(`${out}: ${r.lines} lines, ${r.bytes} bytes`));
}
