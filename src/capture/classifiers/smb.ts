/**
 * SMB over NetBIOS session service or direct TCP (MS-SMB2 §2.1): a 4-byte session header, then
 * `\xFFSMB` (SMB1), `\xFESMB` (SMB2/3) or `\xFDSMB` (SMB3 encrypted). On port 139 a NetBIOS
 * session request (type 0x81) may come first.
 */
import { type Classifier, type Details, type Direction, onPort, type ProbeFlow } from './classifier.js';

function smbVersionAt(p: Uint8Array, o: number): string | undefined {
  if (p.length < o + 4 || p[o + 1] !== 0x53 || p[o + 2] !== 0x4d || p[o + 3] !== 0x42) return undefined;
  const m = p[o];
  return m === 0xff ? 'SMBv1' : m === 0xfe ? 'SMBv2/3' : m === 0xfd ? 'SMBv3 (encrypted)' : undefined;
}

/**
 * NetBIOS datagram service on UDP 138 (RFC 1002 §4.4): message types 0x10–0x12 carry an SMB
 * (the browser protocol's mailslot writes) after the header and the two encoded names.
 */
function isSmbDatagram(p: Uint8Array, flow: ProbeFlow): boolean {
  if (!onPort(flow, 138) || p.length < 90 || p[0]! < 0x10 || p[0]! > 0x12) return false;
  for (let i = 14; i < 90; i++) if (p[i] === 0xff && smbVersionAt(p, i) === 'SMBv1') return true;
  return false;
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (flow.transport === 'udp') return isSmbDatagram(p, flow) ? ('match' as const) : ('no' as const);
  if (p.length < 8) return 'more' as const;
  if (p[0] === 0x00 && smbVersionAt(p, 4) !== undefined) return 'match' as const;
  // NetBIOS session request/response/keepalive before SMB on port 139 (RFC 1002 §4.3).
  if (
    (p[0] === 0x81 || p[0] === 0x82 || p[0] === 0x85) &&
    (flow.serverPort === 139 || flow.clientPort === 139)
  )
    return 'more' as const;
  return 'no' as const;
}

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  const v = flow.transport === 'udp' ? 'SMBv1 (datagram)' : p[0] === 0x00 ? smbVersionAt(p, 4) : undefined;
  if (v !== undefined) details.version = v;
  return 'done' as const;
}

export const smb: Classifier = {
  id: 'smb',
  name: 'SMB',
  transports: ['tcp', 'udp'],
  ports: [445, 139, 138],
  maxDepth: 4,
  probe,
  describe,
  describeDepth: 4,
};
