/**
 * `runDoctor`: every concern of a site in one report. The parts run side by side where they can —
 * the delegation check, the mail audit, the web addresses and the store at once; the scan once
 * the MX hosts are known — and each part's failure (a DNS server that does not answer, a store
 * that cannot be read) becomes a `doctor.part.failed` finding in its own section instead of
 * ending the report. Usage errors (a bad address, a bad port list) still throw, before anything
 * is sent.
 */
import net from 'node:net';
import { NetdoctorError } from '../core/errors.js';
import {
  type Finding,
  finding,
  SEVERITIES,
  type Severity,
  sortBySeverity,
  worstSeverity,
} from '../core/findings.js';
import { checkDomain } from '../dns/zone/live/index.js';
import { auditMail, domainArgument } from '../mail/index.js';
import { parsePorts } from '../scan/index.js';
import { concernName } from './concerns.js';
import { DOCTOR_ERRORS } from './error-messages.js';
import { exposurePart, findHosts } from './parts/exposure.js';
import { dmarcPart, monitorPart, storePresence } from './parts/store.js';
import {
  CONCERNS,
  type Concern,
  DOCTOR_DEFAULTS,
  type DoctorCertificate,
  type DoctorDeps,
  type DoctorFinding,
  type DoctorHost,
  type DoctorOptions,
  type DoctorReport,
  type DoctorSection,
} from './types.js';

/** What one part gives back: its findings and its data (as its command's `--json` has it). */
export interface PartResult {
  findings: Finding[];
  data?: Record<string, unknown>;
  /** The part had nothing to look at (no store): its findings say why. */
  skipped?: boolean;
}

function countOf(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Runs one part; its failure (anything but a usage error or a bug) is a finding in its section. */
async function runPart(
  concern: Concern,
  deps: DoctorDeps,
  body: () => Promise<PartResult | undefined>,
): Promise<{ state: DoctorSection['state']; result: PartResult }> {
  deps.onProgress?.(concern, 'start');
  try {
    const result = await body();
    const state = result && !result.skipped ? 'done' : 'skipped';
    deps.onProgress?.(concern, state);
    return { state, result: result ?? { findings: [] } };
  } catch (e) {
    if (!(e instanceof NetdoctorError) || e.code === 'ND_USAGE' || e.code === 'ND_INTERNAL') throw e;
    deps.onProgress?.(concern, 'failed');
    const problem = { en: e.oneLine('en'), ja: e.oneLine('ja') };
    return {
      state: 'failed',
      result: {
        findings: [
          finding('doctor.part.failed', 'warn', { part: concernName(concern), problem }, { code: e.code }),
        ],
      },
    };
  }
}

function checkOptions(domainArg: string, o: DoctorOptions): { domain: string; ips: string[] } {
  const domain = domainArgument(domainArg);
  for (const ip of o.ips ?? [])
    if (!net.isIP(ip))
      throw new NetdoctorError('ND_USAGE', DOCTOR_ERRORS.notIp, { input: ip, option: 'ips' });
  // A bad port list is refused now, not after the DNS and mail parts have run.
  if (typeof o.ports === 'string') parsePorts(o.ports);
  return { domain, ips: [...new Set(o.ips ?? [])] };
}

/**
 * Examines `domain` and everything it runs on; see the module header of index.ts.
 *
 * @example
 *   const r = await runDoctor('example.org', { ips: ['192.0.2.80'] }, { resolver });
 *   r.findings[0]; // the worst finding, e.g. { id: 'mail.ptr.missing', severity: 'fail', concern: 'mail', … }
 */
export async function runDoctor(
  domainArg: string,
  options: DoctorOptions = {},
  deps: DoctorDeps,
): Promise<DoctorReport> {
  const { domain, ips } = checkOptions(domainArg, options);
  const started = Date.now();
  const { resolver } = deps;
  const results = new Map<Concern, { state: DoctorSection['state']; result: PartResult }>();
  let hosts: DoctorHost[] = [];
  let certificates: DoctorCertificate[] = [];

  const dns = runPart('dns', deps, async () => {
    const r = await checkDomain(domain, {
      resolver,
      ...(options.parent?.length ? { parent: [...options.parent] } : {}),
      ...(options.nsPort !== undefined ? { nsPort: options.nsPort } : {}),
      ...(options.dnsTimeoutMs !== undefined ? { timeoutMs: options.dnsTimeoutMs } : {}),
    });
    const { findings, ...data } = r;
    return { findings, data: { ...data } };
  }).then((r) => results.set('dns', r));

  let mx: { exchange: string; addresses: string[] }[] = [];
  const mail = runPart('mail', deps, async () => {
    const r = await auditMail(resolver, {
      domain,
      ...(options.selectors ? { selectors: options.selectors } : {}),
      ...(options.smtp !== undefined ? { smtp: options.smtp } : {}),
      ...(options.mtaSts ? { mtaSts: options.mtaSts } : {}),
    });
    mx = r.mx.hosts.map((h) => ({ exchange: h.exchange, addresses: h.addresses }));
    const { findings, ...data } = r;
    return { findings, data: { ...data } };
  }).then((r) => results.set('mail', r));

  const store = storePresence(options, deps);
  const history = Promise.all([
    runPart('dmarc', deps, () => dmarcPart(domain, options, deps, store)).then((r) =>
      results.set('dmarc', r),
    ),
    runPart('monitor', deps, () => monitorPart(options, deps, store)).then((r) => results.set('monitor', r)),
  ]);

  const web = findHosts(resolver, domain);
  await mail;
  const exposure = runPart('exposure', deps, async () => {
    const mxUnknown = results.get('mail')?.state === 'failed';
    const found = await exposurePart(domain, { mx, mxUnknown, web: await web, ips }, options, resolver);
    hosts = found.hosts;
    certificates = found.certificates;
    results.set('tls', {
      state: found.scanned ? 'done' : 'skipped',
      result: { findings: found.tlsFindings },
    });
    return {
      findings: found.findings,
      ...(found.data ? { data: found.data } : {}),
      ...(found.skipped ? { skipped: true } : {}),
    };
  }).then((r) => {
    results.set('exposure', r);
    // The certificates come from the scan: no scan, no certificates to speak of.
    if (r.state === 'failed') results.set('tls', { state: 'failed', result: { findings: [] } });
  });
  await Promise.all([dns, exposure, history]);

  const sections: DoctorSection[] = CONCERNS.map((concern) => {
    const r = results.get(concern) ?? { state: 'skipped' as const, result: { findings: [] } };
    const findings = sortBySeverity(r.result.findings);
    return { concern, state: r.state, worst: worstSeverity(findings), counts: countOf(findings), findings };
  });
  const all: DoctorFinding[] = sortBySeverity(
    sections.flatMap((s) => s.findings.map((f) => ({ ...f, concern: s.concern }))),
  );
  const data: DoctorReport['data'] = {};
  for (const c of ['dns', 'mail', 'exposure', 'dmarc', 'monitor'] as const) {
    const d = results.get(c)?.result.data;
    if (d) data[c] = d;
  }
  return {
    domain,
    startedAt: new Date(started).toISOString(),
    elapsedMs: Date.now() - started,
    worst: worstSeverity(all),
    counts: countOf(all),
    findings: all,
    sections,
    hosts,
    certificates,
    data,
  };
}

export { DOCTOR_DEFAULTS };
