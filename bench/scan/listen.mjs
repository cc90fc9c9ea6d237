// Opens TCP listeners for the scan bench and prints their ports as JSON, then waits to be killed.
// Usage: node listen.mjs <host> <count>            (random free ports)
//        node listen.mjs <host> --ports 22,80,443  (these ports)
import net from 'node:net';

const [host, a, b] = process.argv.slice(2);
const wanted = a === '--ports' ? b.split(',').map(Number) : Array.from({ length: Number(a) }, () => 0);
const ports = [];
for (const p of wanted) {
  const s = net.createServer((c) => c.on('error', () => {}));
  await new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen({ port: p, host, backlog: 4096 }, resolve);
  });
  ports.push(s.address().port);
}
process.stdout.write(`${JSON.stringify(ports.sort((x, y) => x - y))}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
