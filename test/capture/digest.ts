/** A compact, comparable digest of an analysis: totals, every flow's counters, the paths. */
import type { CaptureAnalysis } from '../../src/capture/index.js';

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

/** A seeded generator, so a failure can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
