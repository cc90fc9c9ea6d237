/**
 * Syslog (RFC 5424, RFC 3164): a message starts with `<PRI>`, PRI = facility × 8 + severity in
 * 0–191, then a version digit (RFC 5424) or a BSD timestamp/host text (RFC 3164). Over TCP a
 * message may be prefixed by its length (octet counting, RFC 6587 §3.4.1).
 */
import type { Classifier, Details, Direction, ProbeFlow } from './classifier.js';

/** Offset of the byte after `<PRI>` at `o`, or -1. */
function afterPri(p: Uint8Array, o: number): number {
  if (p[o] !== 0x3c) return -1;
  let pri = 0;
  let i = o + 1;
  for (; i < o + 5 && i < p.length; i++) {
    const c = p[i]!;
    if (c === 0x3e) break;
    if (c < 0x30 || c > 0x39) return -1;
    pri = pri * 10 + (c - 0x30);
  }
  if (i === o + 1 || p[i] !== 0x3e || pri > 191) return -1;
  const next = p[i + 1];
  return next !== undefined && next >= 0x20 && next < 0x7f ? i + 1 : -1;
}

function messageStart(p: Uint8Array, flow: ProbeFlow): number {
  if (flow.transport === 'udp' || p[0] === 0x3c) return 0;
  let i = 0;
  while (i < 7 && p[i]! >= 0x30 && p[i]! <= 0x39) i++;
  return i > 0 && p[i] === 0x20 ? i + 1 : -1;
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (p.length < 5) return 'no' as const;
  const m = messageStart(p, flow);
  return m >= 0 && afterPri(p, m) !== -1 ? ('match' as const) : ('no' as const);
}

const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  const m = messageStart(p, flow);
  let pri = 0;
  for (let i = m + 1; i < p.length && p[i] !== 0x3e; i++) pri = pri * 10 + (p[i]! - 0x30);
  details.facility = pri >> 3;
  details.severity = SEVERITIES[pri & 7]!;
  return 'done' as const;
}

export const syslog: Classifier = {
  id: 'syslog',
  name: 'Syslog',
  transports: ['udp', 'tcp'],
  ports: [514, 601],
  maxDepth: 1,
  probe,
  describe,
  describeDepth: 1,
};
