/** A compact, comparable digest of an analysis: totals, every flow's counters, the paths. */
import type { CaptureAnalysis } from '../../src/capture/index.js';
import { rng } from '../harness/rng.js';

export { rng };

export function digest(a: CaptureAnalysis): string {
  const c = a.counters;
  return JSON.stringify({
    totals: [c.packets, c.bytes, c.capturedBytes, c.firstTime, c.lastTime, c.malformed],
    flows: a
      .flows()
      .map((f) => [
        f.client,
        f.clientPort,
        f.server,
        f.serverPort,
        f.protocol,
        f.packets,
        f.bytes,
        f.retransmissions,
        f.tcpFlags,
      ]),
    paths: a.paths.keys.map((k, i) => [k, a.paths.packets[i], a.paths.bytes[i]]),
    error: a.error ? [a.error.code, a.error.offset] : null,
  });
}
