/**
 * BitTorrent: the peer handshake (BEP 3: byte 19, `BitTorrent protocol`, reserved, info hash),
 * HTTP tracker and web-seed requests (`info_hash=`), the mainline DHT (BEP 5: bencoded
 * dictionaries with `1:y` = q/r/e), the UDP tracker protocol (BEP 15: connect magic
 * 0x41727101980), local service discovery (BEP 14: `BT-SEARCH`) and uTP (BEP 29).
 * A uTP header is only 20 bytes of loose fields (nDPI checks the same ones), so two valid
 * uTP packets are required before a flow is called BitTorrent.
 */
import {
  type Classifier,
  type Details,
  type Direction,
  hasAscii,
  hex,
  indexOfAscii,
  type ProbeFlow,
  u16,
  u32,
} from './classifier.js';

function isHandshake(p: Uint8Array): boolean {
  return p.length >= 20 && p[0] === 19 && hasAscii(p, 'BitTorrent protocol', 1);
}

function isTrackerRequest(p: Uint8Array): boolean {
  if (!hasAscii(p, 'GET /')) return false;
  if (hasAscii(p, 'GET /announce') || hasAscii(p, 'GET /scrape') || hasAscii(p, 'GET /webseed?')) return true;
  const eol = indexOfAscii(p, ' HTTP/1.', 5, 2048);
  return eol !== -1 && indexOfAscii(p, 'info_hash=', 5, eol) !== -1;
}

function isDht(p: Uint8Array): boolean {
  // Every KRPC message is a dictionary with a `y` key (BEP 5); keys sort, so `1:y1:` sits near the end.
  if (p.length < 12 || p[0] !== 0x64 /* d */ || p[1]! < 0x31 || p[1]! > 0x39) return false;
  return indexOfAscii(p, '1:y1:', 2) !== -1 || hasAscii(p, 'd1:ad2:id20:') || hasAscii(p, 'd1:rd2:id20:');
}

function isUdpTrackerConnect(p: Uint8Array): boolean {
  return p.length >= 16 && u32(p, 0) === 0x417 && u32(p, 4) === 0x27101980 && u32(p, 8) === 0;
}

/** BEP 29 header checks, as nDPI's `is_utpv1_pkt`. */
export function isUtp(p: Uint8Array): boolean {
  if (p.length < 20) return false;
  const type = p[0]! >> 4;
  if ((p[0]! & 0x0f) !== 1 || type > 4) return false;
  let ext = p[1]!;
  if (ext > 2) return false;
  let off = 20;
  for (let n = 0; ext !== 0; n++) {
    if (n >= 4 || off + 2 > p.length) return false;
    ext = p[off]!;
    if (ext > 2) return false;
    off += 2 + p[off + 1]!;
  }
  if (off > p.length) return false;
  if (type === 4 && (u32(p, 8) !== 0 || p.length !== off)) return false; // ST_SYN carries no data
  if (type === 0 && p.length === off) return false; // ST_DATA carries data
  if (u16(p, 2) === 0 || u32(p, 4) === 0) return false;
  return !(u32(p, 12) === 0 && p.length !== off);
}

function probe(p: Uint8Array, _dir: Direction, flow: ProbeFlow) {
  if (flow.transport === 'tcp') {
    if (isHandshake(p) || isTrackerRequest(p)) return 'match' as const;
    if (p.length < 20 && p[0] === 19) return 'more' as const;
    // Between two high ports the handshake may follow a message-stream-encryption exchange
    // (random-looking bytes): keep looking for it within maxDepth.
    return flow.clientPort >= 1024 && flow.serverPort >= 1024 ? ('more' as const) : ('no' as const);
  }
  if (isDht(p) || isUdpTrackerConnect(p) || hasAscii(p, 'BT-SEARCH * HTTP/1.1')) return 'match' as const;
  if (!isUtp(p)) return 'no' as const;
  const seen = (flow.scratch?.utpPackets as number | undefined) ?? 0;
  if (seen >= 1) return 'match' as const;
  flow.scratch = { ...flow.scratch, utpPackets: seen + 1 };
  return 'more' as const;
}

function describe(p: Uint8Array, _dir: Direction, flow: ProbeFlow, details: Details) {
  if (isHandshake(p)) {
    details.kind = 'handshake';
    if (p.length >= 48) details.infoHash = hex(p, 28, 48);
  } else if (flow.transport === 'tcp') details.kind = 'tracker';
  else if (isDht(p)) details.kind = 'DHT';
  else if (isUdpTrackerConnect(p)) details.kind = 'UDP tracker';
  else if (hasAscii(p, 'BT-SEARCH')) details.kind = 'local discovery';
  else details.kind = 'uTP';
  return 'done' as const;
}

export const bittorrent: Classifier = {
  id: 'bittorrent',
  name: 'BitTorrent',
  transports: ['tcp', 'udp'],
  ports: [6881, 6969],
  // Message-stream encryption (MSE) may come first and a plaintext handshake after it.
  maxDepth: 8,
  before: ['http'],
  probe,
  describe,
  describeDepth: 1,
};
