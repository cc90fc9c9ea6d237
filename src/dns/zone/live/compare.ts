/**
 * `dns lint --server`: the zone files against what the server serves — by zone transfer when the
 * server allows it, else by asking for each name and type of the file — and the serial of every
 * name server of the zone (the secondaries), asked at the same port.
 *
 * Judged: server serial older than the file → edited, not reloaded; equal serial with different
 * records → edited, serial not raised; a secondary older than the primary → stale.
 */
import net from 'node:net';
import { NetdoctorError } from '../../../core/errors.js';
import { type Finding, finding } from '../../../core/findings.js';
import type { Resolver } from '../../resolver.js';
import { formatServer, parseServer } from '../../resolver.js';
import type { ServerAddress } from '../../transport.js';
import { ZONE_ERRORS } from '../error-messages.js';
import type { LintResult } from '../lint/index.js';
import { cutAbove, viewOf, type ZoneView } from '../lint/view.js';
import type { Zone, ZoneRecord } from '../model.js';
import { isSubdomain, nameKey } from '../name.js';
import { nextSerial, rdataKey } from '../write.js';
import { ask, axfr, ClientError, COMPARABLE_TYPES, type WireRecord } from './client.js';

export interface SecondaryState {
  ns: string;
  address: string;
  serial?: number;
  problem?: string;
}

export interface LiveZone {
  zone: string;
  file: string;
  fileSerial?: number;
  serverSerial?: number;
  method: 'axfr' | 'queries' | 'none';
  /** Records in the file the server does not serve, and the reverse (canonical lines). */
  onlyInFile: string[];
  onlyOnServer: string[];
  secondaries: SecondaryState[];
}

export interface CompareOptions {
  /** Resolves NS names that have no address in the zone file. */
  resolver?: Resolver;
  timeoutMs?: number;
  /** Cap on per-name questions when AXFR is refused (default 20,000). */
  maxQueries?: number;
  today?: Date;
}

/** RFC 1982 §3.2: is serial a older than b? */
export function serialOlder(a: number, b: number): boolean {
  return a !== b && ((a < b && b - a < 2 ** 31) || (a > b && a - b > 2 ** 31));
}

const key = (owner: string, ttl: number, type: string, rdata: string) =>
  `${nameKey(owner)} ${ttl} ${type} ${rdataKey({ type, rdata })}`;

function fileSet(view: ZoneView): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of view.records) {
    if (!COMPARABLE_TYPES.has(r.type) || r.type === 'SOA') continue;
    if (cutAbove(view, r.owner) && !(r.type === 'NS' && view.cuts.has(nameKey(r.owner)))) continue;
    m.set(key(r.owner, r.ttl, r.type, r.rdata), `${r.owner} ${r.ttl} ${r.type} ${r.rdata}`);
  }
  return m;
}

function serverSet(records: WireRecord[], view: ZoneView): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of records) {
    if (!COMPARABLE_TYPES.has(r.type) || r.type === 'SOA') continue;
    if (cutAbove(view, r.owner) && !(r.type === 'NS' && view.cuts.has(nameKey(r.owner)))) continue;
    m.set(key(r.owner, r.ttl, r.type, r.rdata), `${r.owner} ${r.ttl} ${r.type} ${r.rdata}`);
  }
  return m;
}

async function byQueries(server: ServerAddress, view: ZoneView, opts: CompareOptions): Promise<WireRecord[]> {
  const sets = new Map<string, { owner: string; type: string }>();
  for (const r of view.records) {
    if (!COMPARABLE_TYPES.has(r.type) || r.type === 'SOA' || cutAbove(view, r.owner)) continue;
    sets.set(`${nameKey(r.owner)} ${r.type}`, { owner: r.owner, type: r.type });
  }
  const todo = [...sets.values()].slice(0, opts.maxQueries ?? 20_000);
  const out: WireRecord[] = [];
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const q = todo[next++] as { owner: string; type: string };
      const r = await ask(server, q.owner, q.type, { timeoutMs: opts.timeoutMs ?? 3000 });
      for (const a of r.answers) if (a.type === q.type && nameKey(a.owner) === nameKey(q.owner)) out.push(a);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

async function nsAddresses(view: ZoneView, ns: string, resolver: Resolver | undefined): Promise<string[]> {
  const inZone = (view.byOwner.get(nameKey(ns)) ?? []).filter((r) => r.type === 'A' || r.type === 'AAAA');
  if (inZone.length || isSubdomain(ns, view.origin))
    return inZone.map((r) => (r.data as { address: string }).address);
  if (!resolver) return [];
  const out: string[] = [];
  for (const t of ['A', 'AAAA'] as const) {
    try {
      const a = await resolver.query(ns.replace(/\.$/, ''), t);
      for (const r of a.records) if (r.data.type === t) out.push(r.data.address);
    } catch {}
  }
  return out;
}

const problemOf = (e: unknown) =>
  e instanceof ClientError ? `${e.reason}: ${e.message}` : (e as Error).message;

async function compareOne(
  server: ServerAddress,
  zone: Zone,
  opts: CompareOptions,
): Promise<{ live: LiveZone; findings: Finding[] }> {
  const view = viewOf(zone);
  const srv = formatServer(server);
  const file = zone.files[0] ?? '';
  const live: LiveZone = {
    zone: zone.origin,
    file,
    method: 'none',
    onlyInFile: [],
    onlyOnServer: [],
    secondaries: [],
  };
  const findings: Finding[] = [];
  const fileSerial = view.soa?.data.serial;
  if (fileSerial !== undefined) live.fileSerial = fileSerial;
  let soa: Awaited<ReturnType<typeof ask>>;
  try {
    soa = await ask(server, zone.origin, 'SOA', { timeoutMs: opts.timeoutMs ?? 3000 });
  } catch (e) {
    throw new NetdoctorError('ND_DNS_UNREACHABLE', ZONE_ERRORS.noSoaAnswer, {
      input: srv,
      params: { zone: zone.origin, problem: problemOf(e) },
    });
  }
  const soaRec = soa.answers.find((a) => a.type === 'SOA' && nameKey(a.owner) === nameKey(zone.origin));
  if (!soa.aa || !soaRec) {
    findings.push(
      finding(
        'zone.server.not-authoritative',
        'fail',
        { server: srv, zone: zone.origin, answer: `${soa.rcode}${soa.aa ? '' : ', not authoritative'}` },
        { rcode: soa.rcode, aa: soa.aa },
      ),
    );
    return { live, findings };
  }
  const serverSerial = Number(soaRec.rdata.split(' ')[2]);
  live.serverSerial = serverSerial;

  let served: WireRecord[];
  try {
    const x = await axfr(server, zone.origin, { timeoutMs: (opts.timeoutMs ?? 3000) * 4 });
    if (Array.isArray(x)) {
      served = x;
      live.method = 'axfr';
    } else {
      served = await byQueries(server, view, opts);
      live.method = 'queries';
    }
  } catch {
    served = await byQueries(server, view, opts);
    live.method = 'queries';
  }
  const mine = fileSet(view);
  const theirs = serverSet(served, view);
  live.onlyInFile = [...mine].filter(([k]) => !theirs.has(k)).map(([, v]) => v);
  // Asking name by name cannot see names the file lacks: only a transfer shows extra records.
  live.onlyOnServer = [...theirs].filter(([k]) => !mine.has(k)).map(([, v]) => v);
  const ev = {
    server: srv,
    zone: zone.origin,
    file,
    method: live.method,
    onlyInFile: live.onlyInFile.slice(0, 50),
    onlyOnServer: live.onlyOnServer.slice(0, 50),
  };
  const differ = live.onlyInFile.length + live.onlyOnServer.length;
  if (fileSerial !== undefined) {
    if (serialOlder(serverSerial, fileSerial)) {
      findings.push(
        finding(
          'zone.server.not-reloaded',
          'fail',
          { server: srv, zone: zone.origin, file, serverSerial, fileSerial },
          ev,
        ),
      );
    } else if (serialOlder(fileSerial, serverSerial)) {
      findings.push(
        finding(
          'zone.server.newer',
          'warn',
          { server: srv, zone: zone.origin, file, serverSerial, fileSerial },
          ev,
        ),
      );
    } else if (differ > 0) {
      const sample = [
        ...live.onlyInFile.slice(0, 3).map((l) => `+ ${l}`),
        ...live.onlyOnServer.slice(0, 3).map((l) => `- ${l}`),
      ];
      findings.push(
        finding(
          'zone.server.serial-not-bumped',
          'fail',
          {
            server: srv,
            zone: zone.origin,
            file,
            serial: fileSerial,
            count: differ,
            sample: sample.join('; '),
            where: view.soa ? `${view.soa.file}:${view.soa.line}` : file,
            next: nextSerial(fileSerial, opts.today ?? new Date()),
          },
          ev,
        ),
      );
    } else {
      findings.push(
        finding(
          'zone.server.in-sync',
          'ok',
          {
            server: srv,
            zone: zone.origin,
            file,
            serial: fileSerial,
            method: live.method === 'axfr' ? 'AXFR' : 'queries',
          },
          ev,
        ),
      );
    }
  }

  // Each NS of the zone, asked at the port of --server.
  const expected = serverSerial;
  const nsNames = (view.byOwner.get(nameKey(zone.origin)) ?? [])
    .filter((r): r is ZoneRecord => r.type === 'NS')
    .map((r) => (r.data as { target: string }).target);
  for (const ns of nsNames) {
    const addrs = await nsAddresses(view, ns, opts.resolver);
    if (!addrs.length) {
      live.secondaries.push({ ns, address: '', problem: 'no address found' });
      findings.push(
        finding(
          'zone.secondary.unreachable',
          'warn',
          { ns, zone: zone.origin, problem: 'no address found for it' },
          { ns },
        ),
      );
      continue;
    }
    for (const address of addrs) {
      if (address === server.host) continue;
      const at = { host: address, port: server.port };
      const shown = formatServer(at);
      try {
        const r = await ask(at, zone.origin, 'SOA', { timeoutMs: opts.timeoutMs ?? 3000 });
        const s = r.answers.find((a) => a.type === 'SOA');
        if (!r.aa || !s)
          throw new NetdoctorError('ND_DNS_UNREACHABLE', ZONE_ERRORS.notAuthoritative, {
            input: shown,
            params: { rcode: r.rcode },
          });
        const serial = Number(s.rdata.split(' ')[2]);
        live.secondaries.push({ ns, address: shown, serial });
        if (serialOlder(serial, expected)) {
          findings.push(
            finding(
              'zone.secondary.stale',
              'fail',
              { ns, address: shown, zone: zone.origin, serial, expected },
              { ns, address: shown, serial, expected },
            ),
          );
        } else {
          findings.push(
            finding(
              'zone.secondary.in-sync',
              'ok',
              { ns, address: shown, zone: zone.origin, serial },
              { ns, address: shown, serial },
            ),
          );
        }
      } catch (e) {
        const problem = problemOf(e);
        live.secondaries.push({ ns, address: shown, problem });
        findings.push(
          finding(
            'zone.secondary.unreachable',
            'warn',
            { ns: `${ns} (${shown})`, zone: zone.origin, problem },
            { ns, address: shown },
          ),
        );
      }
    }
  }
  return { live, findings };
}

/**
 * Compares each linted zone with `server` (`IP[:PORT]`) and its name servers.
 *
 * @example
 *   const r = await compareZonesWithServer(lintZoneFiles([{ file: 'db.example.org' }]), '127.0.0.1:5300');
 */
export async function compareZonesWithServer(
  lint: Pick<LintResult, 'parsed'>,
  server: string,
  options: CompareOptions = {},
): Promise<{ server: string; zones: LiveZone[]; findings: Finding[] }> {
  const addr = parseServer(server);
  if (!net.isIP(addr.host)) throw new NetdoctorError('ND_USAGE', ZONE_ERRORS.serverNotIp, { input: server });
  const zones: LiveZone[] = [];
  const findings: Finding[] = [];
  for (const z of lint.parsed) {
    const r = await compareOne(addr, z, options);
    zones.push(r.live);
    findings.push(...r.findings);
  }
  return { server: formatServer(addr), zones, findings };
}
