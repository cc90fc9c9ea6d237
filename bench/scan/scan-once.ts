/**
 * One netdoctor scan for the bench, run as its own process (so that it can run inside a network
 * namespace with `ip netns exec`): prints the time of the scan itself and every port's state.
 * Usage: node --import tsx bench/scan/scan-once.ts <address> <ports> [rate]
 */
import { Resolver } from '../../src/dns/resolver.js';
import { scan } from '../../src/scan/index.js';

function expand(ranges: string): number[] {
  return ranges
    .split(',')
    .filter(Boolean)
    .flatMap((r) => {
      const [lo, hi] = r.split('-').map(Number) as [number, number | undefined];
      return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
    });
}

const [target, ports, rate] = process.argv.slice(2) as [string, string, string | undefined];
const t0 = performance.now();
const r = await scan({
  targets: [target],
  ports,
  resolver: new Resolver({ servers: ['127.0.0.1'] }),
  probe: false,
  ...(rate !== undefined ? { rate: Number(rate) } : {}),
});
const ms = performance.now() - t0;
const h = r.hosts[0];
const states: Record<string, number[]> = { open: [], closed: [], filtered: [] };
for (const p of h?.ports ?? []) states[p.state]?.push(p.port);
for (const e of h?.extraPorts ?? []) states[e.state]?.push(...expand(e.ports));
for (const k of Object.keys(states)) states[k]?.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ ms, states, stats: r.stats, timeoutMs: h?.timeoutMs })}\n`);
