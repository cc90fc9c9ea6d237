/**
 * `discoverLan`: who is on the LAN now. A bounded ping sweep of the one subnet named (the scan's
 * safety rules: only that subnet, a confirmation above 256 addresses, a cap on parallel probes)
 * fills the kernel's neighbour table; `ip -j neigh` then gives each address's MAC, which is named
 * with its vendor (IEEE registries) and its inventory name, or reported as unknown.
 */
import { spawn } from 'node:child_process';
import { NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { CONFIRM_ABOVE, expandCidr } from '../scan/targets.js';
import { compareAddresses, inSubnet, parseCidr } from './address.js';
import { LAN_ERRORS as E } from './error-messages.js';
import type { Inventory } from './inventory.js';
import { normalizeMac } from './mac.js';
import type { VendorRegistry } from './vendor.js';

export interface DiscoverOptions {
  cidr: string;
  inventory?: Inventory;
  vendors?: VendorRegistry;
  /** Confirmed: more than 256 addresses may be swept. */
  yes?: boolean;
  /** Parallel pings (default 32, at most 256). */
  parallel?: number;
  /** Seconds each ping waits (default 1). */
  wait?: number;
  /** Skip the sweep and read only the neighbour table. */
  noSweep?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface Neighbour {
  ip: string;
  mac: string;
  state: string;
  dev: string;
  vendor?: string;
  /** The inventory's name, or undefined when the MAC is not in it. */
  name?: string;
  randomised: boolean;
}

function run(argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => {
      if (out.length < 16 * 1024 * 1024) out += d;
    });
    c.stderr.on('data', (d) => {
      err = (err + d).slice(-2000);
    });
    c.once('error', (e) =>
      reject(
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? new NetdoctorError('ND_DEPENDENCY', E.notInstalled, {
              input: argv[0],
              params: { program: argv[0] ?? '' },
            })
          : e,
      ),
    );
    c.once('close', (code) => resolve({ code, out, err }));
  });
}

export async function discoverLan(
  options: DiscoverOptions,
): Promise<{ findings: Finding[]; neighbours: Neighbour[]; swept: number }> {
  const subnet = parseCidr(options.cidr);
  if (subnet?.family !== 4) {
    throw new NetdoctorError('ND_USAGE', E.notSubnet, { input: options.cidr });
  }
  const parallel = Math.min(256, Math.max(1, options.parallel ?? 32));
  const wait = Math.min(10, Math.max(1, Math.round(options.wait ?? 1)));
  let swept = 0;
  if (!options.noSweep) {
    const all = expandCidr(subnet.cidr);
    // The network and broadcast addresses of a /30 or larger are nobody's.
    const addrs = subnet.prefix <= 30 ? all.slice(1, -1) : all;
    if (addrs.length > CONFIRM_ABOVE && !options.yes) {
      throw new NetdoctorError('ND_USAGE', E.bigSweep, {
        input: options.cidr,
        option: 'yes',
        params: { count: addrs.length, limit: CONFIRM_ABOVE },
      });
    }
    let next = 0;
    const worker = async () => {
      while (next < addrs.length) {
        const ip = addrs[next++] as string;
        await run(['ping', '-n', '-q', '-c', '1', '-W', String(wait), ip]);
        swept++;
        options.onProgress?.(swept, addrs.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, addrs.length) }, worker));
  }
  const r = await run(['ip', '-j', '-4', 'neigh', 'show']);
  if (r.code !== 0)
    throw new NetdoctorError('ND_DEPENDENCY', E.programFailed, {
      input: 'ip',
      params: { command: 'ip -j neigh', why: r.err.trim() },
    });
  let list: { dst?: string; lladdr?: string; dev?: string; state?: string[] }[];
  try {
    list = JSON.parse(r.out || '[]');
  } catch {
    throw new NetdoctorError('ND_INPUT_FORMAT', E.notJson, {
      input: 'ip',
      params: { command: 'ip -j neigh' },
    });
  }
  const byMac = new Map<string, string>();
  for (const d of options.inventory?.devices ?? []) for (const m of d.macs) byMac.set(m, d.name);
  const neighbours: Neighbour[] = [];
  for (const n of list) {
    const mac = n.lladdr ? normalizeMac(n.lladdr) : undefined;
    const state = (n.state ?? []).join(',');
    if (!mac || !n.dst || !inSubnet(n.dst, subnet) || /FAILED|INCOMPLETE/.test(state)) continue;
    const vendor = options.vendors?.lookup(mac)?.organization;
    const name = byMac.get(mac);
    neighbours.push({
      ip: n.dst,
      mac,
      state,
      dev: n.dev ?? '',
      ...(vendor ? { vendor } : {}),
      ...(name ? { name } : {}),
      randomised: options.vendors?.isLocallyAdministered(mac) ?? false,
    });
  }
  neighbours.sort((a, b) => compareAddresses(a.ip, b.ip));
  const findings: Finding[] = [];
  const unknown = neighbours.filter((n) => !n.name);
  if (options.inventory) {
    for (const n of unknown) {
      findings.push(
        finding('lan.discover.unknown', 'warn', {
          ip: n.ip,
          mac: n.mac,
          vendor: n.vendor ?? (n.randomised ? 'randomised' : '?'),
        }),
      );
    }
  }
  findings.push(
    finding('lan.discover.summary', 'info', {
      cidr: subnet.cidr,
      count: neighbours.length,
      unknown: options.inventory ? unknown.length : '-',
    }),
  );
  return { findings, neighbours, swept };
}
