/**
 * `dns check <domain>`: a live domain's delegation and consistency, as Zonemaster tests it and a
 * small site needs it — the NS set at the parent and in the zone agree, every name server answers
 * authoritatively with the same SOA serial (lame delegation otherwise), no authoritative server
 * recurses for strangers, glue matches the zone, MX and NS targets resolve, and the mail hosts'
 * PTRs confirm forward.
 *
 * @example
 *   const r = await checkDomain('example.org', { resolver: new Resolver({ servers: ['127.0.0.1:5300'] }) });
 */
import net from 'node:net';
import { NetdoctorError } from '../../../core/errors.js';
import { type Finding, finding } from '../../../core/findings.js';
import type { Resolver } from '../../resolver.js';
import { formatServer, parseServer } from '../../resolver.js';
import { reverseLookup } from '../../reverse.js';
import type { ServerAddress } from '../../transport.js';
import { ZONE_ERRORS } from '../error-messages.js';
import { isSubdomain, nameKey } from '../name.js';
import { ask, ClientError, type Reply } from './client.js';
import { serialOlder } from './compare.js';

export interface CheckDomainOptions {
  resolver: Resolver;
  /** The parent zone's servers (`IP[:PORT]`); default: found through the resolver. */
  parent?: string[];
  /** Port of the domain's name servers (default 53). */
  nsPort?: number;
  timeoutMs?: number;
}

export interface NameServerState {
  name: string;
  address: string;
  authoritative: boolean;
  serial?: number;
  openRecursion?: boolean;
  problem?: string;
}

export interface DomainCheck {
  domain: string;
  parentZone: string;
  parentNs: string[];
  zoneNs: string[];
  glue: Record<string, string[]>;
  servers: NameServerState[];
  findings: Finding[];
}

const abs = (n: string) => (n.endsWith('.') ? n : `${n}.`);
const problemOf = (e: unknown) =>
  e instanceof ClientError ? `${e.reason}: ${e.message}` : (e as Error).message;

async function addressesVia(resolver: Resolver, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of ['A', 'AAAA'] as const) {
    try {
      const a = await resolver.query(name.replace(/\.$/, ''), t);
      for (const r of a.records) if (r.data.type === t) out.push(r.data.address);
    } catch {}
  }
  return out;
}

/** The parent zone of `domain` and its servers, through the resolver (or `--parent`). */
async function parentOf(
  domain: string,
  opts: CheckDomainOptions,
): Promise<{ zone: string; servers: ServerAddress[] }> {
  let zone = domain.split('.').slice(1).join('.') || '.';
  if (opts.parent?.length) {
    for (;;) {
      const s = parseServer(opts.parent[0] as string);
      try {
        const r = await ask(s, zone === '.' ? '.' : abs(zone), 'SOA', { timeoutMs: opts.timeoutMs ?? 3000 });
        if (r.aa && r.answers.some((a) => a.type === 'SOA')) break;
      } catch {}
      if (zone === '.') break;
      zone = zone.split('.').slice(1).join('.') || '.';
    }
    return { zone: abs(zone === '.' ? '' : zone) || '.', servers: opts.parent.map(parseServer) };
  }
  for (;;) {
    const a = await opts.resolver.query(zone === '.' ? '.' : zone, 'NS');
    if (a.status === 'ok') {
      const servers: ServerAddress[] = [];
      for (const r of a.records) {
        if (r.data.type !== 'NS') continue;
        for (const ip of await addressesVia(opts.resolver, r.data.target))
          servers.push({ host: ip, port: 53 });
      }
      if (servers.length) return { zone: zone === '.' ? '.' : abs(zone), servers };
    }
    if (zone === '.') break;
    zone = zone.split('.').slice(1).join('.') || '.';
  }
  throw new NetdoctorError('ND_DNS_UNREACHABLE', ZONE_ERRORS.noParent, {
    input: domain,
    params: { domain },
  });
}

/** Checks a live domain's delegation, its name servers and its mail hosts. */
export async function checkDomain(domainArg: string, opts: CheckDomainOptions): Promise<DomainCheck> {
  const domain = abs(domainArg.toLowerCase());
  const t = opts.timeoutMs ?? 3000;
  const nsPort = opts.nsPort ?? 53;
  const findings: Finding[] = [];
  const parent = await parentOf(domain, opts);

  // 1. The delegation as the parent gives it: a referral (or an authoritative answer).
  let referral: Reply | undefined;
  let lastError = '';
  for (const s of parent.servers) {
    try {
      referral = await ask(s, domain, 'NS', { timeoutMs: t });
      break;
    } catch (e) {
      lastError = problemOf(e);
    }
  }
  if (!referral) {
    throw new NetdoctorError('ND_DNS_UNREACHABLE', ZONE_ERRORS.noParentAnswer, {
      params: { problem: lastError },
      input: formatServer(parent.servers[0] as ServerAddress),
    });
  }
  const delegation = [...referral.answers, ...referral.authorities].filter(
    (r) => r.type === 'NS' && nameKey(r.owner) === nameKey(domain),
  );
  const parentNs = [...new Set(delegation.map((r) => nameKey(r.rdata)))].sort();
  const glue: Record<string, string[]> = {};
  for (const r of referral.additionals) {
    if ((r.type !== 'A' && r.type !== 'AAAA') || !parentNs.includes(nameKey(r.owner))) continue;
    const list = glue[nameKey(r.owner)] ?? [];
    list.push(r.rdata);
    glue[nameKey(r.owner)] = list;
  }
  if (!parentNs.length) {
    findings.push(
      finding(
        'dns.check.no-delegation',
        'fail',
        { domain, parent: parent.zone, rcode: referral.rcode },
        { rcode: referral.rcode },
      ),
    );
    return { domain, parentZone: parent.zone, parentNs, zoneNs: [], glue, servers: [], findings };
  }

  // 2. Every name server address: authoritative SOA, its NS set, open recursion.
  const servers: NameServerState[] = [];
  const zoneNsSets = new Map<string, string[]>();
  const addrOf = new Map<string, string[]>();
  const resolveNs = async (ns: string) => {
    if (!addrOf.has(ns)) addrOf.set(ns, glue[ns]?.length ? glue[ns] : await addressesVia(opts.resolver, ns));
    return addrOf.get(ns) as string[];
  };
  const probe = async (ns: string) => {
    for (const ip of await resolveNs(ns)) {
      if (servers.some((s) => s.address === formatServer({ host: ip, port: nsPort }))) continue;
      const at = { host: ip, port: nsPort };
      const st: NameServerState = { name: ns, address: formatServer(at), authoritative: false };
      servers.push(st);
      try {
        const soa = await ask(at, domain, 'SOA', { timeoutMs: t });
        const rec = soa.answers.find((a) => a.type === 'SOA' && nameKey(a.owner) === nameKey(domain));
        st.authoritative = soa.aa && !!rec;
        if (rec) st.serial = Number(rec.rdata.split(' ')[2]);
        if (!st.authoritative) st.problem = `${soa.rcode}${soa.aa ? '' : ', not authoritative'}`;
        const nsr = await ask(at, domain, 'NS', { timeoutMs: t });
        if (nsr.aa)
          zoneNsSets.set(
            st.address,
            [...new Set(nsr.answers.filter((a) => a.type === 'NS').map((a) => nameKey(a.rdata)))].sort(),
          );
        const rec2 = await ask(at, parent.zone, 'SOA', { rd: true, timeoutMs: t });
        st.openRecursion = rec2.ra && !rec2.aa && rec2.rcode === 'NOERROR' && rec2.answers.length > 0;
      } catch (e) {
        st.problem = problemOf(e);
      }
    }
  };
  for (const ns of parentNs) await probe(ns);
  const zoneNs = [...new Set([...zoneNsSets.values()].flat())].sort();
  for (const ns of zoneNs) if (!parentNs.includes(ns)) await probe(ns);
  for (const ns of [...parentNs, ...zoneNs]) {
    if (!(await resolveNs(ns)).length) {
      findings.push(
        finding('dns.check.target-unresolvable', 'fail', { type: 'NS', target: ns, domain }, { ns }),
      );
    }
  }

  for (const s of servers) {
    if (!s.authoritative) {
      findings.push(
        finding(
          'dns.check.lame',
          'fail',
          { ns: s.name, address: s.address, domain, problem: s.problem ?? 'no answer' },
          s,
        ),
      );
    }
    if (s.openRecursion)
      findings.push(
        finding('dns.check.open-recursion', 'warn', { ns: s.name, address: s.address, domain }, s),
      );
  }
  const onlyParent = parentNs.filter((n) => !zoneNs.includes(n));
  const onlyZone = zoneNs.filter((n) => !parentNs.includes(n));
  if (zoneNs.length && (onlyParent.length || onlyZone.length)) {
    findings.push(
      finding(
        'dns.check.ns-mismatch',
        'warn',
        {
          domain,
          parent: parent.zone,
          onlyParent: onlyParent.length ? onlyParent : ['-'],
          onlyZone: onlyZone.length ? onlyZone : ['-'],
        },
        { parentNs, zoneNs },
      ),
    );
  }
  const serials = servers.filter((s) => s.serial !== undefined && s.authoritative);
  const newest = serials.reduce<number | undefined>(
    (m, s) => (m === undefined || serialOlder(m, s.serial as number) ? s.serial : m),
    undefined,
  );
  const behind = serials.filter((s) => newest !== undefined && serialOlder(s.serial as number, newest));
  if (behind.length) {
    findings.push(
      finding(
        'dns.check.serial-mismatch',
        'warn',
        {
          domain,
          newest: newest as number,
          behind: behind.map((s) => `${s.name} (${s.address}) ${s.serial}`),
        },
        { servers: serials },
      ),
    );
  }

  // 3. Glue: the parent's addresses for in-bailiwick servers against the zone's own A/AAAA.
  const authority = servers.find((s) => s.authoritative);
  if (authority) {
    const at = parseServer(authority.address);
    for (const ns of Object.keys(glue)) {
      if (!isSubdomain(ns, domain)) continue;
      const inZone: string[] = [];
      for (const type of ['A', 'AAAA']) {
        try {
          const r = await ask(at, ns, type, { timeoutMs: t });
          for (const a of r.answers) if (a.type === type && nameKey(a.owner) === ns) inZone.push(a.rdata);
        } catch {}
      }
      const g = [...(glue[ns] ?? [])].sort();
      const z = [...inZone].sort();
      if (g.join() !== z.join()) {
        findings.push(
          finding(
            'dns.check.glue-mismatch',
            'fail',
            { ns, domain, glue: g, zone: z.length ? z : ['-'], parent: parent.zone },
            { glue: g, zone: z },
          ),
        );
      }
    }
  }

  // 4. Mail hosts: MX targets resolve, and their addresses' PTRs confirm forward.
  const mx = await opts.resolver.query(domain.replace(/\.$/, ''), 'MX');
  for (const r of mx.records) {
    if (r.data.type !== 'MX' || r.data.exchange === '' || r.data.exchange === '.') continue;
    const host = abs(r.data.exchange);
    const ips = await addressesVia(opts.resolver, host);
    if (!ips.length) {
      findings.push(
        finding(
          'dns.check.target-unresolvable',
          'fail',
          { type: 'MX', target: host, domain },
          { mx: r.text },
        ),
      );
      continue;
    }
    for (const ip of ips) {
      const rev = await reverseLookup(opts.resolver, ip);
      const ok = rev.forward.some((f) => f.confirmed);
      if (!ok) {
        findings.push(
          finding(
            'dns.check.mail-ptr',
            net.isIPv6(ip) ? 'warn' : 'fail',
            { host, address: ip, ptr: rev.names.length ? rev.names : ['-'] },
            { ptr: rev.names, forward: rev.forward },
          ),
        );
      }
    }
  }

  if (!findings.some((f) => f.severity === 'fail' || f.severity === 'warn')) {
    findings.push(
      finding('dns.check.ok', 'ok', { domain, count: servers.length, serial: newest ?? '-' }, { servers }),
    );
  }
  return { domain, parentZone: parent.zone, parentNs, zoneNs, glue, servers, findings };
}
