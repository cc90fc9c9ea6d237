/**
 * The tshark oracle: one tshark run per capture gives per-frame fields (exact lengths and first
 * IP addresses) and its endpoint / TCP / UDP conversation tables, parsed into plain numbers.
 * tshark 4.0 prints conversation bytes rounded to kB/MB above 1 kB: those are marked `approx`.
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
  /** tshark's complaint when it could not read the whole file. */
  failed: string;
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
export async function tsharkView(file: string): Promise<TsharkView> {
  version ??= (await run('tshark', ['-v'])).stdout.split('\n')[0]!;
  const st = statSync(file);
  const key = createHash('sha256')
    .update(`v2\0${version}\0${file}\0${st.size}\0${st.mtimeMs}`)
    .digest('hex')
    .slice(0, 32);
  const cached = path.join(CACHE, `${key}.txt`);
  let out: { stdout: string; failed: string };
  if (process.env.ND_TSHARK_CACHE !== '0' && existsSync(cached))
    out = JSON.parse(readFileSync(cached, 'utf8'));
  else {
    out = await runTshark(file);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(`${cached}.part`, JSON.stringify(out));
    renameSync(`${cached}.part`, cached);
  }
  return parseTshark(out.stdout, out.failed);
}

async function runTshark(file: string): Promise<{ stdout: string; failed: string }> {
  return run(
    'tshark',
    [
      '-n',
      '-r',
      file,
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
    ],
    { maxBuffer: 512 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
  ).then(
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
    failed,
  };
  let section: 'fields' | 'tcp' | 'udp' | 'ip' | 'ep' | 'other' = 'fields';
  for (const line of stdout.split('\n')) {
    if (line.startsWith('====')) {
      section = 'other';
      continue;
    }
    if (section === 'fields') {
      if (line === '') continue;
      const [len, s4, d4, s6, d6] = line.split('\t');
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
      view.ipConversations.set(a < b ? `${a} ${b}` : `${b} ${a}`, {
        packets: Number(m[9]),
        bytes: total.bytes,
        approx: total.approx,
      });
    } else if (line === 'UDP Conversations') section = 'udp';
    else if (line === 'IPv4 Endpoints' || line === 'IPv6 Endpoints') section = 'ep';
    else if (section === 'tcp' || section === 'udp') {
      const m = CONV.exec(line);
      if (!m) continue;
      const [a, aPort] = splitHostPort(m[1]!);
      const [b, bPort] = splitHostPort(m[2]!);
      const total = size(m[10]!, m[11]!);
      view[section].push({
        a,
        aPort,
        b,
        bPort,
        packets: Number(m[9]),
        bytes: total.bytes,
        approx: total.approx,
      });
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
  return view;
}
