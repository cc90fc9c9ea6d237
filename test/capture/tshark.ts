/**
 * The tshark oracle: one tshark run per capture gives per-frame fields (exact lengths and first
 * IP addresses) and its endpoint / TCP / UDP conversation tables, parsed into plain numbers.
 * tshark 4.0 prints conversation bytes rounded to kB/MB above 1 kB: those are marked `approx`.
 *
 * Three settings make tshark count what a capture holds, frame by frame, as netdoctor does:
 * - IP reassembly is off (`-o ip.defragment:FALSE -o ipv6.defragment:FALSE`): every fragment is a
 *   frame of its own in every table, the first one with its transport header (netdoctor does not
 *   reassemble; with reassembly on, tshark moves a datagram's ports and bytes to its last frame).
 * - pcapng Custom Blocks, which tshark 4.0 lists as frames, are told apart by the field only they
 *   carry (`frame.cb_pen`, their Private Enterprise Number), counted in `customBlocks` and left out
 *   of the packet and byte totals: they hold no packet (capinfos does not count them either).
 * - tshark 4.0's IPv6 taps skip a fragment that is not the first (offset > 0): with reassembly
 *   off nothing past its fragment header is dissected, and the IPv6 conversation and endpoint
 *   tables never see it, though its per-frame fields do. Such frames are added to those two
 *   tables from the per-frame fields (`ipv6.fraghdr.offset`), for any capture.
 * - Conversation rows with the same two endpoints are summed: tshark can list one address/port
 *   pair twice when a dissector starts a conversation of its own (SNMP does, for the first
 *   request), and a pair is what netdoctor's tables are keyed by.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface EndpointCounts {
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

export interface PortConversation {
  a: string;
  aPort: number;
  b: string;
  bPort: number;
  packets: number;
  /** Total bytes; `approx` when tshark rounded it. */
  bytes: number;
  approx: boolean;
}

export interface TsharkView {
  packets: number;
  bytes: number;
  /** "a b" (sorted) → packets, bytes, from the first IP header of each frame. */
  ipPairs: Map<string, { packets: number; bytes: number }>;
  /** tshark's IPv4 and IPv6 conversation tables (every IP layer, tunnels included). */
  ipConversations: Map<string, { packets: number; bytes: number; approx: boolean }>;
  endpoints: Map<string, EndpointCounts>;
  tcp: PortConversation[];
  udp: PortConversation[];
  /** pcapng Custom Blocks tshark listed as frames (not in `packets` or `bytes`). */
  customBlocks: number;
  /** IPv6 fragments past the first, added to the IPv6 tables from the per-frame fields. */
  laterFragments: number;
  /** Conversation rows summed into a row of the same pair listed before. */
  summedRows: number;
  /** tshark's complaint when it could not read the whole file. */
  failed: string;
  /** tshark said the file was cut short in the middle of a packet (its last frame is partial). */
  cutShort: boolean;
}

function size(n: string, unit: string): { bytes: number; approx: boolean } {
  const v = Number(n);
  if (unit === 'bytes') return { bytes: v, approx: false };
  return { bytes: v * (unit === 'kB' ? 1000 : unit === 'MB' ? 1e6 : 1e9), approx: true };
}

function splitHostPort(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  return [s.slice(0, i), Number(s.slice(i + 1))];
}

const CONV =
  /^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+)\s+(bytes|kB|MB|GB)\s+(\d+)\s+(\d+)\s+(bytes|kB|MB|GB)\s+(\d+)\s+(\d+)\s+(bytes|kB|MB|GB)/;

const CACHE = fileURLToPath(new URL('../../.tmp/tshark-cache/', import.meta.url));
let version: string | undefined;

/**
 * tshark's view of a capture. Its output is kept in .tmp/tshark-cache (git-ignored), keyed by the
 * file's path, size and mtime and tshark's version, so that reruns skip tshark's slow start;
 * ND_TSHARK_CACHE=0 always asks tshark.
 */
export async function tsharkView(file: string, frames?: number): Promise<TsharkView> {
  // `-c 0` would mean no limit to tshark: no frame at all is the empty view.
  if (frames === 0) return parseTshark('', '');
  version ??= (await run('tshark', ['-v'])).stdout.split('\n')[0]!;
  const st = statSync(file);
  const key = createHash('sha256')
    .update(`${version}\0${st.size}\0${st.mtimeMs}\0${tsharkArgs(file, frames).join('\0')}`)
    .digest('hex')
    .slice(0, 32);
  const cached = path.join(CACHE, `${key}.txt`);
  let out: { stdout: string; failed: string };
  if (process.env.ND_TSHARK_CACHE !== '0' && existsSync(cached))
    out = JSON.parse(readFileSync(cached, 'utf8'));
  else {
    out = await runTshark(file, frames);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(`${cached}.part`, JSON.stringify(out));
    renameSync(`${cached}.part`, cached);
  }
  return parseTshark(out.stdout, out.failed);
}

/** tshark's arguments (part of the cache key); `frames` stops after that many (`-c`), custom blocks included. */
function tsharkArgs(file: string, frames?: number): string[] {
  return [
    '-n',
    '-r',
    file,
    ...(frames === undefined ? [] : ['-c', String(frames)]),
    '-o',
    'ip.defragment:FALSE',
    '-o',
    'ipv6.defragment:FALSE',
    '-T',
    'fields',
    '-E',
    'occurrence=f',
    '-e',
    'frame.len',
    '-e',
    'ip.src',
    '-e',
    'ip.dst',
    '-e',
    'ipv6.src',
    '-e',
    'ipv6.dst',
    '-e',
    'frame.cb_pen',
    '-e',
    'ipv6.fraghdr.offset',
    '-z',
    'endpoints,ip',
    '-z',
    'endpoints,ipv6',
    '-z',
    'conv,ip',
    '-z',
    'conv,ipv6',
    '-z',
    'conv,tcp',
    '-z',
    'conv,udp',
  ];
}

/** One tshark run. */
async function runTshark(file: string, frames?: number): Promise<{ stdout: string; failed: string }> {
  return run('tshark', tsharkArgs(file, frames), {
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, LC_ALL: 'C' },
  }).then(
    (r) => ({ stdout: r.stdout, failed: '' }),
    // tshark exits non-zero on a cut-short file but still prints what it read.
    (e: { stdout?: string; stderr?: string }) => ({
      stdout: e.stdout ?? '',
      failed: (e.stderr ?? '').trim(),
    }),
  );
}

function parseTshark(stdout: string, failed: string): TsharkView {
  const view: TsharkView = {
    packets: 0,
    bytes: 0,
    ipPairs: new Map(),
    ipConversations: new Map(),
    endpoints: new Map(),
    tcp: [],
    udp: [],
    customBlocks: 0,
    laterFragments: 0,
    summedRows: 0,
    failed,
    cutShort: /cut short in the middle of a packet/.test(failed),
  };
  let section: 'fields' | 'tcp' | 'udp' | 'ip' | 'ep' | 'other' = 'fields';
  /** IPv6 fragments past the first, `[src, dst, frame length]`: not in tshark's IPv6 tap tables. */
  const laterFragments: [string, string, number][] = [];
  /** `tcp|udp a:p b:q` → its row, so that a pair listed twice is summed into one. */
  const rows = new Map<string, PortConversation>();
  for (const line of stdout.split('\n')) {
    if (line.startsWith('====')) {
      section = 'other';
      continue;
    }
    if (section === 'fields') {
      if (line === '') continue;
      const [len, s4, d4, s6, d6, pen, fragOffset] = line.split('\t');
      if (s6 && d6 && fragOffset && fragOffset !== '0') laterFragments.push([s6, d6, Number(len)]);
      if (pen) {
        view.customBlocks++;
        continue;
      }
      view.packets++;
      view.bytes += Number(len);
      const s = s4 || s6;
      const d = d4 || d6;
      if (s && d) {
        const key = s < d ? `${s} ${d}` : `${d} ${s}`;
        const e = view.ipPairs.get(key) ?? { packets: 0, bytes: 0 };
        e.packets++;
        e.bytes += Number(len);
        view.ipPairs.set(key, e);
      }
      continue;
    }
    if (line === 'TCP Conversations') section = 'tcp';
    else if (line === 'IPv4 Conversations' || line === 'IPv6 Conversations') section = 'ip';
    else if (section === 'ip') {
      const m = CONV.exec(line);
      if (!m) continue;
      const [a, b] = [m[1]!, m[2]!];
      const total = size(m[10]!, m[11]!);
      const key = a < b ? `${a} ${b}` : `${b} ${a}`;
      const seen = view.ipConversations.get(key) ?? { packets: 0, bytes: 0, approx: false };
      if (seen.packets > 0) view.summedRows++;
      view.ipConversations.set(key, {
        packets: seen.packets + Number(m[9]),
        bytes: seen.bytes + total.bytes,
        approx: seen.approx || total.approx,
      });
    } else if (line === 'UDP Conversations') section = 'udp';
    else if (line === 'IPv4 Endpoints' || line === 'IPv6 Endpoints') section = 'ep';
    else if (section === 'tcp' || section === 'udp') {
      const m = CONV.exec(line);
      if (!m) continue;
      const [a, aPort] = splitHostPort(m[1]!);
      const [b, bPort] = splitHostPort(m[2]!);
      const total = size(m[10]!, m[11]!);
      const x = `${a}:${aPort}`;
      const y = `${b}:${bPort}`;
      const key = `${section} ${x < y ? `${x} ${y}` : `${y} ${x}`}`;
      const same = rows.get(key);
      if (same) {
        view.summedRows++;
        same.packets += Number(m[9]);
        same.bytes += total.bytes;
        same.approx ||= total.approx;
      } else {
        const row = { a, aPort, b, bPort, packets: Number(m[9]), bytes: total.bytes, approx: total.approx };
        rows.set(key, row);
        view[section].push(row);
      }
    } else if (section === 'ep') {
      const f = line.trim().split(/\s+/);
      if (f.length !== 7 || !/^\d+$/.test(f[1]!)) continue;
      const [addr, p, b, tp, tb, rp, rb] = f;
      view.endpoints.set(addr!, {
        packets: Number(p),
        bytes: Number(b),
        txPackets: Number(tp),
        txBytes: Number(tb),
        rxPackets: Number(rp),
        rxBytes: Number(rb),
      });
    }
  }
  view.laterFragments = laterFragments.length;
  for (const [src, dst, len] of laterFragments) {
    const key = src < dst ? `${src} ${dst}` : `${dst} ${src}`;
    const pair = view.ipConversations.get(key) ?? { packets: 0, bytes: 0, approx: false };
    pair.packets++;
    pair.bytes += len;
    view.ipConversations.set(key, pair);
    for (const [addr, sent] of [
      [src, true],
      [dst, false],
    ] as const) {
      const e = view.endpoints.get(addr) ?? {
        packets: 0,
        bytes: 0,
        txPackets: 0,
        txBytes: 0,
        rxPackets: 0,
        rxBytes: 0,
      };
      e.packets++;
      e.bytes += len;
      if (sent) {
        e.txPackets++;
        e.txBytes += len;
      } else {
        e.rxPackets++;
        e.rxBytes += len;
      }
      view.endpoints.set(addr, e);
    }
  }
  return view;
}
