/**
 * `scan`: the exposure audit's public API — a TCP connect scan of the targets the user named,
 * banners and probes on the open ports, and findings.
 *
 * @example
 *   const r = await scan({ targets: ['127.0.0.1'], ports: '1-1024', resolver: new Resolver() });
 *   r.hosts[0].ports; // [{ port: 22, state: 'open', service: 'ssh', probe: { banner: 'SSH-2.0-OpenSSH_9.2p1' } }]
 *   r.findings;       // scan.http.version-disclosure, scan.tls.cert-expiring …
 */

import { optionError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import type { Resolver } from '../dns/resolver.js';
import { type ProbeContext, probeService, type ServiceInfo } from './banners/index.js';
import { portFindings } from './checks.js';
import { REASONS } from './engine.js';
import { SCAN_ERRORS } from './error-messages.js';
import { DEFAULT_PORTS, parsePorts } from './ports.js';
import { openFileLimit, runConnectScan } from './runner.js';
import { serviceName } from './services.js';
import { resolveTargets, type ScanTarget } from './targets.js';

export type { ServiceInfo } from './banners/index.js';
export { PROBES, WELL_KNOWN } from './banners/index.js';
export { EXPIRY_WARN_DAYS } from './checks.js';
export { scanMessages } from './messages.js';
export { parsePorts } from './ports.js';
export { expandCidr, resolveTargets } from './targets.js';
export { nmapXml } from './xml.js';

export type PortState = 'open' | 'closed' | 'filtered';

export interface ScanOptions {
  /** Addresses, CIDR blocks, host names. */
  targets: readonly string[];
  resolver: Resolver;
  /** `22,80,8000-8100`, `top100`, `top1000`, `all`, or the numbers; default top1000. */
  ports?: string | readonly number[];
  /** Needed for more than 256 addresses. */
  yes?: boolean;
  /** Probe open ports for banners; default: when ≤ 16 addresses and ≤ 100 open ports. */
  probe?: boolean;
  /** Which probe to run on a port (`{ 5353: 'domain' }`), over the well-known table. */
  serviceHints?: Readonly<Record<number, string>>;
  /** The per-connect timeout is learned from round trips between these bounds (ms). */
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  /** Tries after a timeout before a port counts as filtered. */
  retries?: number;
  /** Connection attempts per second; 0 = no cap. Default: no cap on loopback, else DEFAULT_RATE. */
  rate?: number;
  /** Most connections in flight (the descriptor limit caps it further). */
  parallel?: number;
  threads?: number;
  /** Deadline of each banner probe (ms). */
  probeTimeoutMs?: number;
  /** Trust anchors for certificate checks (PEM); default the system CAs. */
  ca?: string;
  onProgress?: (label: string, done: number, total: number) => void;
}

export const SCAN_DEFAULTS = {
  minTimeoutMs: 100,
  initialTimeoutMs: 1000,
  maxTimeoutMs: 1500,
  retries: 1,
  rate: 10_000,
  parallel: 4096,
  probeTimeoutMs: 5000,
  probeParallel: 16,
} as const;

export interface ScanPort {
  port: number;
  state: PortState;
  /** nmap's word for why: syn-ack, conn-refused, no-response, host-unreach … */
  reason: string;
  /** Service name by port number (nmap-services, /etc/services). */
  service: string;
  rttMs?: number;
  /** What the banner probe found (open ports, when probing). */
  probe?: ServiceInfo;
}

/** Ports of one state and reason not listed one by one (nmap's "extraports"). */
export interface ExtraPorts {
  state: PortState;
  reason: string;
  count: number;
  /** Ranges, e.g. `1-21,23-79`. */
  ports: string;
}

export interface ScanHost {
  address: string;
  name?: string;
  counts: Record<PortState, number>;
  /** Open ports, and closed/filtered ports when their state has 25 or fewer. */
  ports: ScanPort[];
  extraPorts: ExtraPorts[];
  /** The per-connect timeout learned for this host (ms). */
  timeoutMs: number;
}

export interface ScanResult {
  findings: Finding[];
  hosts: ScanHost[];
  portCount: number;
  portSpec: string;
  /** The ports scanned as ranges, e.g. `1-1024,8080`. */
  portList: string;
  startedAt: string;
  elapsedMs: number;
  stats: { attempts: number; timeouts: number; fdBackoffs: number; threads: number; engine: string };
}

/** States with more ports than this are summarised as extra ports, as nmap does. */
const LIST_AT_MOST = 25;
const STATE_NAMES: PortState[] = ['open', 'open', 'closed', 'filtered'];

/** `[1,2,3,5]` → `1-3,5`. */
export function portRanges(ports: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ports.length; ) {
    let j = i;
    while (j + 1 < ports.length && (ports[j + 1] as number) === (ports[j] as number) + 1) j++;
    out.push(i === j ? String(ports[i]) : `${ports[i]}-${ports[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1';
}

/**
 * How many open ports are probed at once: all of them up to 128, so that silent listeners cost one
 * probe deadline together rather than one each in turn; fewer under a low descriptor limit (a
 * probe holds up to three sockets: the detection's two, then the service's own).
 */
function probeParallelism(): number {
  const limit = openFileLimit() ?? 1024;
  return Math.max(SCAN_DEFAULTS.probeParallel, Math.min(128, Math.floor((limit - 64) / 3)));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function positive(n: number | undefined, name: string, min: number, max: number): void {
  if (n !== undefined && !(Number.isFinite(n) && n >= min && n <= max)) {
    throw optionError(SCAN_ERRORS.outOfRange, name, { min, max, value: n });
  }
}

export async function scan(o: ScanOptions): Promise<ScanResult> {
  positive(o.minTimeoutMs, 'minTimeoutMs', 1, 60_000);
  positive(o.maxTimeoutMs, 'maxTimeoutMs', 1, 60_000);
  positive(o.retries, 'retries', 0, 10);
  positive(o.rate, 'rate', 0, 1_000_000);
  positive(o.parallel, 'parallel', 1, 100_000);
  const portSpec = typeof o.ports === 'string' ? o.ports : o.ports ? portRanges([...o.ports]) : DEFAULT_PORTS;
  const ports =
    typeof o.ports === 'object' ? [...new Set(o.ports)].sort((a, b) => a - b) : parsePorts(portSpec);
  const bad = ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
  if (bad !== undefined) throw optionError(SCAN_ERRORS.portRange, 'ports', { port: bad });
  if (ports.length === 0) throw optionError(SCAN_ERRORS.noPorts, 'ports');
  const targets: ScanTarget[] = await resolveTargets(o.targets, o.resolver, { yes: o.yes ?? false });
  const addresses = targets.map((t) => t.address);
  const started = Date.now();
  const minTimeoutMs = o.minTimeoutMs ?? SCAN_DEFAULTS.minTimeoutMs;
  const maxTimeoutMs = Math.max(minTimeoutMs, o.maxTimeoutMs ?? SCAN_DEFAULTS.maxTimeoutMs);
  const run = await runConnectScan({
    addresses,
    ports,
    ...(o.threads !== undefined ? { threads: o.threads } : {}),
    initialTimeoutMs: Math.min(maxTimeoutMs, Math.max(minTimeoutMs, SCAN_DEFAULTS.initialTimeoutMs)),
    minTimeoutMs,
    maxTimeoutMs,
    retries: o.retries ?? SCAN_DEFAULTS.retries,
    rate: o.rate ?? (addresses.every(isLoopback) ? 0 : SCAN_DEFAULTS.rate),
    maxParallel: o.parallel ?? SCAN_DEFAULTS.parallel,
    ...(o.onProgress ? { onProgress: (d: number, t: number) => o.onProgress?.('scanning', d, t) } : {}),
  });
  const hosts: ScanHost[] = targets.map((t, a) => {
    const byState: Record<PortState, number[]> = { open: [], closed: [], filtered: [] };
    const byReason = new Map<string, number[]>();
    const host: ScanHost = {
      address: t.address,
      counts: { open: 0, closed: 0, filtered: 0 },
      ports: [],
      extraPorts: [],
      timeoutMs: Math.max(...run.stats.map((s) => s.timeoutMs[a] ?? 0)),
    };
    if (t.name) host.name = t.name;
    for (let i = 0; i < ports.length; i++) {
      const j = a * ports.length + i;
      const state = STATE_NAMES[run.states[j] as number] ?? 'filtered';
      byState[state].push(i);
      host.counts[state]++;
    }
    for (const state of ['open', 'closed', 'filtered'] as const) {
      const list = state === 'open' || byState[state].length <= LIST_AT_MOST;
      for (const i of byState[state]) {
        const j = a * ports.length + i;
        const port = ports[i] as number;
        const reason = REASONS[run.reasons[j] as number] || 'no-response';
        if (list) {
          const p: ScanPort = { port, state, reason, service: serviceName(port) };
          if (state !== 'filtered' && run.rttUs[j]) p.rttMs = Math.round((run.rttUs[j] as number) / 10) / 100;
          host.ports.push(p);
        } else {
          const key = `${state} ${reason}`;
          const l = byReason.get(key) ?? [];
          l.push(port);
          byReason.set(key, l);
        }
      }
    }
    host.ports.sort((x, y) => x.port - y.port);
    for (const [key, list] of byReason) {
      const [state, reason] = key.split(' ') as [PortState, string];
      host.extraPorts.push({ state, reason, count: list.length, ports: portRanges(list) });
    }
    host.extraPorts.sort((x, y) => y.count - x.count);
    return host;
  });

  const openCount = hosts.reduce((n, h) => n + h.counts.open, 0);
  const probing = o.probe ?? (targets.length <= 16 && openCount <= 100);
  const findings: Finding[] = [];
  if (probing) {
    const jobs = hosts.flatMap((h) => h.ports.filter((p) => p.state === 'open').map((p) => ({ h, p })));
    let probed = 0;
    await mapLimit(jobs, probeParallelism(), async ({ h, p }) => {
      const ctx: ProbeContext = {
        address: h.address,
        port: p.port,
        timeoutMs: o.probeTimeoutMs ?? SCAN_DEFAULTS.probeTimeoutMs,
        ...(h.name ? { name: h.name } : {}),
        ...(o.ca ? { ca: o.ca } : {}),
      };
      p.probe = await probeService(ctx, o.serviceHints?.[p.port]);
      o.onProgress?.('probing', ++probed, jobs.length);
    });
  }
  for (const h of hosts) {
    const scanned = ports.length;
    if (h.counts.open + h.counts.closed === 0) {
      findings.push(
        finding('scan.host.no-response', 'info', { address: h.address, filtered: h.counts.filtered }),
      );
    } else {
      findings.push(finding('scan.host.summary', 'info', { address: h.address, scanned, ...h.counts }));
    }
    for (const p of h.ports) {
      if (p.probe) {
        findings.push(
          ...portFindings({ address: h.address, port: p.port, ...(h.name ? { name: h.name } : {}) }, p.probe),
        );
      }
    }
  }
  return {
    findings,
    hosts,
    portCount: ports.length,
    portSpec,
    portList: portRanges(ports),
    startedAt: new Date(started).toISOString(),
    elapsedMs: Date.now() - started,
    stats: {
      attempts: run.stats.reduce((n, s) => n + s.attempts, 0),
      timeouts: run.stats.reduce((n, s) => n + s.timeouts, 0),
      fdBackoffs: run.stats.reduce((n, s) => n + s.fdBackoffs, 0),
      threads: run.threads,
      engine: run.stats[0]?.engine ?? 'tcp_wrap',
    },
  };
}
