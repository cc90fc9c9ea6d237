/**
 * Run by fd-limit.test.ts under a low `ulimit -n`: scans 127.0.0.1 while every free descriptor is
 * taken away for a moment, and prints the result as JSON. Connections go to 127.0.0.1 only.
 */
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import { Resolver } from '../../src/dns/resolver.js';
import { scan } from '../../src/scan/index.js';

const open: number[] = [];
const servers: net.Server[] = [];
for (let i = 0; i < 3; i++) {
  const s = net.createServer((c) => c.on('error', () => {}));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  open.push((s.address() as net.AddressInfo).port);
}
const ports = [...open, ...Array.from({ length: 3000 }, (_, i) => 20000 + i)];
const running = scan({
  targets: ['127.0.0.1'],
  ports,
  resolver: new Resolver({ servers: ['127.0.0.1:1'] }),
  probe: false,
  parallel: 4096,
});
// Take every free descriptor away, then give them back after a while.
const hoard: number[] = [];
for (;;) {
  try {
    hoard.push(openSync('/dev/null', 'r'));
  } catch {
    break;
  }
}
setTimeout(() => {
  for (const fd of hoard) closeSync(fd);
}, 300);
const r = await running;
for (const s of servers) s.close();
const h = r.hosts[0];
process.stdout.write(
  JSON.stringify({
    hoarded: hoard.length,
    open: h?.ports.filter((p) => p.state === 'open').map((p) => p.port),
    expectedOpen: open.sort((a, b) => a - b),
    counts: h?.counts,
    scanned: ports.length,
    stats: r.stats,
  }),
);
