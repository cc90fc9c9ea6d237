/**
 * Reads upstream nDPI's expected results (`result/<capture>.out`, see the corpus SOURCE.md): one
 * line per flow, `TCP a:p <-> b:q [proto: 91.126/TLS.Google]…`, and maps nDPI's protocol names to
 * netdoctor's classifier ids. A flow counts for the conformance suite when any part of its label
 * (`TLS.Google` → TLS, Google) is one of the protocols netdoctor classifies.
 */

/** nDPI protocol name → the netdoctor labels that agree with it. */
export const NDPI_TO_OURS: Readonly<Record<string, readonly string[]>> = {
  DNS: ['dns'],
  HTTP: ['http'],
  TLS: ['tls'],
  QUIC: ['quic'],
  SSH: ['ssh'],
  SMTP: ['smtp'],
  // nDPI names mail upgraded by STARTTLS, and implicit TLS on 465/993/995, after the secure variant.
  SMTPS: ['smtp', 'tls'],
  POP3: ['pop'],
  POPS: ['pop', 'tls'],
  IMAP: ['imap'],
  IMAPS: ['imap', 'tls'],
  FTP_CONTROL: ['ftp'],
  DHCP: ['dhcp'],
  NTP: ['ntp'],
  SMBv1: ['smb'],
  SMBv23: ['smb'],
  RDP: ['rdp'],
  Gnutella: ['gnutella'],
  BitTorrent: ['bittorrent'],
  eDonkey: ['edonkey'],
  // At this nDPI commit ESP, AH and IKE are all "IPSec"; on UDP that is IKE and NAT-T.
  IPSec: ['isakmp'],
  L2TP: ['l2tp'],
  OpenVPN: ['openvpn'],
  Syslog: ['syslog'],
  SNMP: ['snmp'],
};

export interface ExpectedFlow {
  transport: 'tcp' | 'udp';
  /** `addr:port|addr:port`, sorted, addresses in full form. */
  key: string;
  label: string;
  /** The netdoctor labels that agree; empty when the flow is outside the suite's protocols. */
  accepted: string[];
  byPort: boolean;
  /** nDPI saw no payload in either direction (`[Goodput ratio: 0/0]`). */
  payloadLess: boolean;
  /** The two ports of the flow. */
  ports: [number, number];
  line: string;
}

/** `fe80::1` → `fe80:0:0:0:0:0:0:1` so that nDPI's and netdoctor's spellings compare. */
export function fullAddress(a: string): string {
  if (!a.includes(':')) return a;
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

export function flowKey(a: string, ap: number, b: string, bp: number): string {
  const x = `${fullAddress(a)}:${ap}`;
  const y = `${fullAddress(b)}:${bp}`;
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

const LINE = /^\s*\d+\s+(TCP|UDP)\s+(\S+)\s+(?:<->|->)\s+(\S+)\s+\[proto: [\d.]+\/([^\]]+)\]/;

function endpoint(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  let addr = s.slice(0, i);
  if (addr.startsWith('[')) addr = addr.slice(1, -1);
  return [addr, Number(s.slice(i + 1))];
}

export function parseNdpiOut(text: string): ExpectedFlow[] {
  const out: ExpectedFlow[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [a, ap] = endpoint(m[2]!);
    const [b, bp] = endpoint(m[3]!);
    const label = m[4]!;
    const accepted = [...new Set(label.split('.').flatMap((part) => NDPI_TO_OURS[part] ?? []))];
    out.push({
      transport: m[1] === 'TCP' ? 'tcp' : 'udp',
      key: flowKey(a, ap, b, bp),
      label,
      accepted,
      byPort: line.includes('[Confidence: Match by port]'),
      payloadLess: line.includes('[Goodput ratio: 0/0]'),
      ports: [ap, bp],
      line: line.trim().slice(0, 160),
    });
  }
  return out;
}
