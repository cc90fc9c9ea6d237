/**
 * DNS (RFC 1035) over UDP and TCP. A message is a 12-byte header and a question whose name must
 * parse label by label inside the packet; on TCP a 2-byte length comes first (RFC 1035 §4.2.2).
 * mDNS (5353), LLMNR (5355) and NetBIOS name service (137) share the format but are other
 * protocols, so their ports are refused.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow, u16 } from './classifier.js';

const OTHER_NAME_SERVICES = [5353, 5355, 137];

/** Offset just past a question name starting at `o`, or -1 when it does not parse. */
function skipName(p: Uint8Array, o: number): number {
  let labels = 0;
  while (o < p.length) {
    const len = p[o]!;
    if (len === 0) return o + 1;
    if ((len & 0xc0) === 0xc0) return o + 2 <= p.length ? o + 2 : -1; // compression pointer
    if (len > 63 || ++labels > 127) return -1;
    o += 1 + len;
  }
  return -1;
}

/** Start of the DNS message in the payload (after TCP's length prefix), or -1. */
function messageStart(p: Uint8Array, flow: ProbeFlow): number {
  if (flow.transport === 'udp') return 0;
  return p.length >= 14 && u16(p, 0) >= 12 ? 2 : -1;
}

function looksLikeDns(p: Uint8Array, m: number, strict: boolean): boolean {
  if (p.length < m + 17) return false;
  const flags = p[m + 2]!;
  const opcode = (flags >> 3) & 0x0f;
  if (opcode > 6 || opcode === 3) return false;
  const qd = u16(p, m + 4);
  const an = u16(p, m + 6);
  const ns = u16(p, m + 8);
  const ar = u16(p, m + 10);
  if (qd !== 1 || an > 256 || ns > 256 || ar > 256) return false;
  const isResponse = (flags & 0x80) !== 0;
  if (!isResponse && strict && (an !== 0 || ns !== 0 || ar > 2)) return false;
  const end = skipName(p, m + 12);
  if (end === -1 || end + 4 > p.length) return false;
  const qclass = u16(p, end + 2) & 0x7fff;
  return qclass === 1 || qclass === 3 || qclass === 4 || qclass === 255;
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  for (const port of OTHER_NAME_SERVICES) if (onPort(flow, port)) return 'no' as const;
  const m = messageStart(p, flow);
  if (m < 0) return 'no' as const;
  return looksLikeDns(p, m, !onPort(flow, 53)) ? ('match' as const) : ('no' as const);
}

/**
 * The first question's name of a DNS message starting at `base` (RFC 1035 §4.1.2) as text
 * (`www.example.org`, `<Root>` for the root), with compression pointers followed backwards only
 * and at most 128 labels, as dns-packet does; undefined when it does not parse. The one DNS name
 * reader of capture/: flow details and the display filters' `dns.qry.name` both use it.
 */
export function questionName(b: Uint8Array, base: number): string | undefined {
  if (b.length < base + 12) return undefined;
  if (u16(b, base + 4) === 0) return undefined;
  const labels: string[] = [];
  let at = base + 12;
  for (let hops = 0; hops < 128; hops++) {
    const len = b[at];
    if (len === undefined) return undefined;
    if (len === 0) return labels.length ? labels.join('.') : '<Root>';
    if ((len & 0xc0) === 0xc0) {
      const target = base + (((len & 0x3f) << 8) | (b[at + 1] ?? 0));
      if (target >= at) return undefined;
      at = target;
      continue;
    }
    if (len > 63 || at + 1 + len > b.length) return undefined;
    let s = '';
    for (let i = at + 1; i < at + 1 + len; i++) s += String.fromCharCode(b[i]!);
    labels.push(s);
    at += 1 + len;
  }
  return undefined;
}

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  const m = messageStart(p, flow);
  if (m < 0 || p.length < m + 13) return 'done' as const;
  if (details.query === undefined) details.query = questionName(p, m) ?? '';
  return 'done' as const;
}

export const dns: Classifier = {
  id: 'dns',
  name: 'DNS',
  transports: ['udp', 'tcp'],
  ports: [53],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 1,
};
