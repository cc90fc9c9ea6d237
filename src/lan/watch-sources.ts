/**
 * Where the ARP watch gets its packets: a capture file or stdin (the capture engine's reader, so
 * `tcpdump -w - arp | netdoctor lan watch -` works), a live interface (a spawned `tcpdump -w -`,
 * which holds the capture rights), or the kernel's neighbour events (`ip monitor neigh`, which
 * needs no capture rights but sees only what this host talks to).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { decodeFrame } from '../capture/decoders/index.js';
import { NET_ARP, PacketLayers } from '../capture/decoders/layers.js';
import { type CaptureInfo, readCapture, readCaptureStream } from '../capture/reader/open.js';
import type { CaptureRecord } from '../capture/reader/record.js';
import { NetdoctorError } from '../core/errors.js';
import { v4ToInt } from './address.js';
import { LAN_ERRORS as E } from './error-messages.js';
import { normalizeMac } from './mac.js';
import { type ArpWatch, macFromText } from './watch.js';

function recordSink(watch: ArpWatch): (rec: CaptureRecord) => void {
  const L = new PacketLayers();
  return (rec) => {
    watch.packets++;
    decodeFrame(rec, L);
    if (L.network !== NET_ARP || L.arpSenderMacOffset < 0 || (L.arpOp !== 1 && L.arpOp !== 2)) return;
    watch.arp(rec.data, L.srcMacOffset, L.arpSenderMacOffset, L.arpSenderIp, rec.tsSec + rec.tsNsec / 1e9);
  };
}

/** Feeds a capture file (or `-` for stdin) through the watch. */
export function watchCaptureFile(
  path: string,
  watch: ArpWatch,
  options: { stdin?: NodeJS.ReadableStream } = {},
): Promise<CaptureInfo> {
  return readCapture(path, recordSink(watch), options.stdin ? { stdin: options.stdin } : {});
}

/** Feeds a capture stream (a pcap on a pipe) through the watch. */
export function watchCaptureStream(stream: Readable, input: string, watch: ArpWatch): Promise<CaptureInfo> {
  return readCaptureStream(stream, input, recordSink(watch));
}

function spawned(argv: string[]): ChildProcess {
  return spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finished(
  child: ChildProcess,
  argv: string[],
  stderr: () => string,
  signal?: AbortSignal,
): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new NetdoctorError('ND_DEPENDENCY', E.notInstalled, {
            input: argv[0],
            params: { program: argv[0] ?? '' },
          }),
        );
      } else reject(e);
    });
    child.once('close', (c) => resolve(c));
  });
  if (code !== 0 && !signal?.aborted) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', E.programFailed, {
      input: argv[0],
      params: { command: argv.join(' '), why: stderr().trim().split('\n').pop() || String(code) },
    });
  }
}

/** Watches a live interface through `tcpdump -i IFACE -w - arp` until `signal` aborts. */
export async function watchInterface(
  iface: string,
  watch: ArpWatch,
  options: { signal?: AbortSignal; tcpdump?: string } = {},
): Promise<void> {
  if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(iface)) {
    throw new NetdoctorError('ND_USAGE', E.notInterface, { input: iface });
  }
  const argv = [options.tcpdump ?? 'tcpdump', '-i', iface, '-U', '-n', '-s', '256', '-w', '-', 'arp'];
  const child = spawned(argv);
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const onAbort = () => child.kill('SIGTERM');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const done = finished(child, argv, () => err, options.signal);
  try {
    await watchCaptureStream(child.stdout as Readable, iface, watch).catch((e) => {
      // tcpdump killed before its header: not an error when we stopped it.
      if (!options.signal?.aborted) throw e;
    });
    await done;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/**
 * One line of `ip monitor neigh` (text) or `ip -j neigh` (a JSON object): the address and MAC of a
 * neighbour that became known or changed; undefined for deletions, IPv6 and entries without MAC.
 */
export function parseNeighLine(line: string): { ip: string; mac: string; dev?: string } | undefined {
  const t = line.trim();
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t) as { dst?: string; lladdr?: string; dev?: string };
      const mac = o.lladdr ? normalizeMac(o.lladdr) : undefined;
      if (!o.dst || !mac || !/^\d+\.\d+\.\d+\.\d+$/.test(o.dst)) return undefined;
      return { ip: o.dst, mac, ...(o.dev ? { dev: o.dev } : {}) };
    } catch {
      return undefined;
    }
  }
  if (/^(Deleted|Miss)\b/.test(t) || t.length > 512) return undefined;
  const m = /^(?:\[NEIGH\]\s*)?(\d+\.\d+\.\d+\.\d+)\s+dev\s+(\S+)\s+lladdr\s+([0-9a-fA-F:]+)\b/.exec(t);
  if (!m) return undefined;
  const mac = normalizeMac(m[3] as string);
  return mac ? { ip: m[1] as string, mac, dev: m[2] as string } : undefined;
}

/** Feeds neighbour lines (text or JSON) through the watch, stamped with the clock. */
export async function watchNeighbourLines(
  input: Readable,
  watch: ArpWatch,
  options: { now?: () => number } = {},
): Promise<void> {
  const now = options.now ?? (() => Date.now() / 1000);
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    watch.packets++;
    const n = parseNeighLine(line);
    if (!n) continue;
    const mac = macFromText(n.mac);
    watch.arpPackets++;
    watch.observe(mac, mac, v4ToInt(n.ip), now());
  }
}

/** Watches the kernel's neighbour table (`ip monitor neigh`) until `signal` aborts. */
export async function watchNeighbours(
  watch: ArpWatch,
  options: { signal?: AbortSignal; netns?: string; ip?: string } = {},
): Promise<void> {
  const argv = [options.ip ?? 'ip', ...(options.netns ? ['-n', options.netns] : []), 'monitor', 'neigh'];
  const child = spawned(argv);
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const onAbort = () => child.kill('SIGTERM');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const done = finished(child, argv, () => err, options.signal);
  try {
    await watchNeighbourLines(child.stdout as Readable, watch);
    await done;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}
