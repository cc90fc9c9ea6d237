/**
 * Mail-audit benchmark: the wall time of `auditMail` for the fixture domains against the test
 * BIND (loopback), next to the number of DNS queries it sent, and side by side with
 *   - the same queries asked one after another by netdoctor's resolver (what the audit would cost
 *     without running its independent lookups in parallel), and
 *   - the same queries asked with `dig` (bind9-dnsutils), one process per query, the way an admin
 *     checks by hand.
 * SMTP is off (the SMTP probe's cost is the peer's banner delay, not ours); MTA-STS records are
 * looked up but no policy host is started, so policy fetches fail fast on loopback.
 *
 * Run: npm run bench -- mail
 */
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import type { LookupType } from '../../src/dns/records.js';
import { Resolver } from '../../src/dns/resolver.js';
import { auditMail } from '../../src/mail/index.js';
import { startBind } from '../../test/harness/bind.js';

/**
 * A loopback relay in front of BIND that holds each query for `delayMs` — the round trip to a real
 * resolver — so that running lookups in parallel shows. UDP per query; TCP piped (for TC=1).
 */
async function delayingRelay(upstreamPort: number, delayMs: number) {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, client) => {
    const up = dgram.createSocket('udp4');
    up.on('message', (reply) => {
      udp.send(reply, client.port, client.address);
      up.close();
    });
    setTimeout(() => up.send(msg, upstreamPort, '127.0.0.1'), delayMs);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  const port = udp.address().port;
  const tcp = net.createServer((c) => {
    const up = net.connect({ host: '127.0.0.1', port: upstreamPort });
    c.pipe(up);
    up.pipe(c);
    c.on('error', () => up.destroy());
    up.on('error', () => c.destroy());
  });
  await new Promise<void>((r) => tcp.listen(port, '127.0.0.1', r));
  const close = () => {
    udp.close();
    tcp.close();
  };
  return { address: `127.0.0.1:${port}`, close };
}

const DOMAINS = [
  'audit-good.test',
  'audit-gmail.test',
  'audit-relay.test',
  'audit-docomo.test',
  'audit-dynamic.test',
];
const ROUNDS = 5;

/** A resolver that remembers which queries went out, to replay them serially and with dig. */
class RecordingResolver extends Resolver {
  readonly asked: { name: string; type: LookupType }[] = [];
  override query(name: string, type: LookupType) {
    if (!this.asked.some((q) => q.name === name && q.type === type)) this.asked.push({ name, type });
    return super.query(name, type);
  }
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const DELAY_MS = 10;

async function measure(
  server: string,
  withDig: { host: string; port: number } | undefined,
): Promise<string[][]> {
  const rows: string[][] = [];
  for (const domain of DOMAINS) {
    const wall: number[] = [];
    const serial: number[] = [];
    let queries = 0;
    let asked: { name: string; type: LookupType }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const resolver = new RecordingResolver({ servers: [server], timeoutMs: 2000 });
      const t0 = process.hrtime.bigint();
      const r = await auditMail(resolver, {
        domain,
        ...(domain === 'audit-relay.test' ? { ips: ['127.25.128.3'] } : {}),
        smtp: false,
        mtaSts: { httpsPort: 9, timeoutMs: 500 },
      });
      wall.push(ms(t0));
      queries = r.dnsQueries;
      asked = resolver.asked;
      const replay = new Resolver({ servers: [server], timeoutMs: 2000 });
      const t1 = process.hrtime.bigint();
      for (const q of asked) await replay.query(q.name, q.type);
      serial.push(ms(t1));
    }
    const w = median(wall);
    const row = [
      domain,
      String(queries),
      w.toFixed(1),
      median(serial).toFixed(1),
      (median(serial) / w).toFixed(2),
    ];
    if (withDig) {
      const t2 = process.hrtime.bigint();
      for (const q of asked) {
        const args = [
          '+short',
          '+tries=1',
          '+time=2',
          `@${withDig.host}`,
          '-p',
          String(withDig.port),
          q.name,
          q.type,
        ];
        execFileSync('dig', args, { stdio: 'ignore' });
      }
      const dig = ms(t2);
      row.push(dig.toFixed(0), (dig / w).toFixed(1));
    }
    rows.push(row);
  }
  return rows;
}

function print(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

const bind = await startBind();
const relay = await delayingRelay(bind.port, DELAY_MS);
try {
  const header = ['domain', 'DNS queries', 'audit ms', 'serial ms', 'serial/audit'];
  print(
    `mail audit against the test BIND (${bind.address}), median of ${ROUNDS} rounds, SMTP off; peer: dig, one process per query`,
    [...header, 'dig ms', 'dig/audit'],
    await measure(bind.address, bind),
  );
  print(
    `the same through a loopback relay adding ${DELAY_MS} ms per DNS query (a resolver's round trip)`,
    header,
    await measure(relay.address, undefined),
  );
} finally {
  relay.close();
  await bind.stop();
}
