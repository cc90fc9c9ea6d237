/**
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): the `_mta-sts` and `_smtp._tls` TXT records, and the
 * policy file fetched over HTTPS from `https://mta-sts.<domain>/.well-known/mta-sts.txt` when a
 * record exists. The policy host's address comes from netdoctor's own resolver (the one bound to
 * --server), not the system's; the port and trust anchors can be overridden (tests point them at
 * a loopback HTTPS server with a test CA — never a real site).
 *
 * Hand-written parsing: both formats are a handful of `key=value;` / `key: value` lines, and no
 * maintained npm package checks them against a domain's MX set.
 */
import https from 'node:https';
import { type Finding, finding } from '../core/findings.js';
import { answerFindings } from '../dns/lookup.js';
import type { MailCheckContext, MailPart } from './context.js';
import type { MxHost } from './mx.js';

export interface MtaStsOptions {
  /** HTTPS port of the policy host (default 443). */
  httpsPort?: number;
  /** Trust anchors (PEM) for the policy host's certificate instead of the system CAs. */
  ca?: string | Buffer;
  /** Deadline for the policy fetch, in milliseconds (default 8000). */
  timeoutMs?: number;
}

export interface MtaStsPolicy {
  version?: string;
  mode?: string;
  mx: string[];
  maxAge?: number;
}

export interface MtaStsData {
  records: string[];
  id?: string;
  policyUrl?: string;
  /** The policy file's text as fetched (capped). */
  policyText?: string;
  policy?: MtaStsPolicy;
  tlsRptRecords: string[];
  tlsRptRua: string[];
}

/** RFC 8461 §3.2: policies larger than 64 KiB are not to be processed. */
const MAX_POLICY_BYTES = 64 * 1024;
/** RFC 8461 §3.2: max_age up to 31557600 seconds (one year). */
const MAX_AGE_LIMIT = 31_557_600;

/** Parses `k=v; k=v` records (MTA-STS and TLS-RPT share the syntax). */
export function parseTagRecord(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    const p = part.trim();
    if (p === '') continue;
    const i = p.indexOf('=');
    if (i <= 0) tags.set(p.toLowerCase(), '');
    else tags.set(p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim());
  }
  return tags;
}

/** RFC 8461 §3.1: `v=STSv1; id=<1*32 alphanumerics>`. Returns the problem, or undefined. */
export function mtaStsRecordProblem(text: string): string | undefined {
  const tags = parseTagRecord(text);
  if (!/^v=STSv1\s*;/.test(text.trim()) && text.trim() !== 'v=STSv1') return 'it must begin with "v=STSv1;"';
  const id = tags.get('id');
  if (id === undefined) return 'the id= tag is missing';
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) return `id "${id}" must be 1-32 letters and digits`;
  return undefined;
}

/** Parses a policy file (RFC 8461 §3.2) and lists what is wrong with it. */
export function parsePolicy(text: string): { policy: MtaStsPolicy; problems: string[] } {
  const policy: MtaStsPolicy = { mx: [] };
  const problems: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const i = line.indexOf(':');
    if (i <= 0) {
      problems.push(`line "${line.slice(0, 60)}" is not "key: value"`);
      continue;
    }
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (key === 'version') policy.version = value;
    else if (key === 'mode') policy.mode = value;
    else if (key === 'mx') policy.mx.push(value.toLowerCase().replace(/\.$/, ''));
    else if (key === 'max_age') policy.maxAge = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  }
  if (policy.version !== 'STSv1') problems.push(`version must be "STSv1" (got "${policy.version ?? ''}")`);
  if (!['enforce', 'testing', 'none'].includes(policy.mode ?? '')) {
    problems.push(`mode must be enforce, testing or none (got "${policy.mode ?? ''}")`);
  }
  if (policy.maxAge === undefined) problems.push('max_age is missing');
  else if (!Number.isFinite(policy.maxAge) || policy.maxAge > MAX_AGE_LIMIT) {
    problems.push(`max_age must be a number of seconds up to ${MAX_AGE_LIMIT}`);
  }
  if (policy.mode !== 'none' && policy.mx.length === 0) problems.push('no mx: line');
  return { policy, problems };
}

/** RFC 8461 §4.1: `*.example.net` matches exactly one extra label on the left. */
export function mxPatternMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) {
    const rest = pattern.slice(2);
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot + 1) === rest;
  }
  return pattern === host;
}

/** A fetch failure netdoctor words itself (the others are the TLS or socket layer's own words). */
class PolicyFetchError extends Error {
  constructor(
    message: string,
    readonly ja: string,
  ) {
    super(message);
  }
}

function fetchPolicy(
  ip: string,
  hostname: string,
  options: MtaStsOptions,
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: ip,
        port: options.httpsPort ?? 443,
        servername: hostname,
        path: '/.well-known/mta-sts.txt',
        method: 'GET',
        agent: false, // one request: no pooled keep-alive socket left behind
        headers: { host: hostname, 'user-agent': 'netdoctor' },
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        // RFC 8461 §3.3: the certificate must be valid for the policy host; redirects are not followed.
        rejectUnauthorized: true,
        timeout: options.timeoutMs ?? 8000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_POLICY_BYTES) {
            req.destroy(
              new PolicyFetchError(
                `the policy is larger than ${MAX_POLICY_BYTES} bytes`,
                `ポリシーが ${MAX_POLICY_BYTES} バイトを超えています`,
              ),
            );
            return;
          }
          chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    const seconds = (options.timeoutMs ?? 8000) / 1000;
    req.on('timeout', () =>
      req.destroy(
        new PolicyFetchError(`no answer within ${seconds} s`, `${seconds} 秒以内に応答がありません`),
      ),
    );
    // `timeout` above is per idle socket; a server dripping one byte at a time meets this one.
    const deadline = setTimeout(
      () =>
        req.destroy(
          new PolicyFetchError(
            `the policy did not arrive within ${seconds} s`,
            `${seconds} 秒以内にポリシーを受け取れませんでした`,
          ),
        ),
      options.timeoutMs ?? 8000,
    );
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (e) => {
      clearTimeout(deadline);
      reject(e);
    });
    req.end();
  });
}

async function policyFindings(
  ctx: MailCheckContext,
  hosts: readonly MxHost[],
  data: MtaStsData,
  options: MtaStsOptions,
): Promise<Finding[]> {
  const hostname = `mta-sts.${ctx.domain}`;
  const url = `https://${hostname}/.well-known/mta-sts.txt`;
  data.policyUrl = url;
  const [a, aaaa] = await Promise.all([
    ctx.resolver.query(hostname, 'A'),
    ctx.resolver.query(hostname, 'AAAA'),
  ]);
  const ip = a.records[0]?.text ?? aaaa.records[0]?.text;
  const unreachable = (error: string | { en: string; ja: string }) =>
    finding('mail.mta-sts.policy-unreachable', 'fail', { domain: ctx.domain, url, error }, { url });
  if (ip === undefined)
    return [
      ...answerFindings(a).filter((f) => f.severity === 'fail'),
      unreachable({ en: `${hostname} has no address`, ja: `${hostname} にアドレスがありません` }),
    ];
  let got: { status: number; contentType: string; body: string };
  try {
    got = await fetchPolicy(ip, hostname, options);
  } catch (e) {
    if (e instanceof PolicyFetchError) return [unreachable({ en: e.message, ja: e.ja })];
    return [unreachable((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '')];
  }
  if (got.status !== 200) return [unreachable(`HTTP ${got.status}`)];
  data.policyText = got.body;
  const { policy, problems } = parsePolicy(got.body);
  data.policy = policy;
  if (!/^text\/plain/i.test(got.contentType))
    problems.push(`Content-Type is "${got.contentType}", not text/plain`);
  if (problems.length > 0) {
    return [
      finding(
        'mail.mta-sts.policy-invalid',
        'fail',
        { domain: ctx.domain, url, problems },
        { policy: got.body },
      ),
    ];
  }
  const out: Finding[] = [];
  if (policy.mode !== 'none') {
    for (const h of hosts.filter((x) => !policy.mx.some((p) => mxPatternMatches(p, x.exchange)))) {
      out.push(
        finding(
          'mail.mta-sts.mx-not-covered',
          'fail',
          { domain: ctx.domain, host: h.exchange, patterns: policy.mx },
          { policy: got.body },
        ),
      );
    }
  }
  const params = {
    domain: ctx.domain,
    mode: policy.mode ?? '',
    maxAge: policy.maxAge ?? 0,
    id: data.id ?? '',
  };
  if (out.length > 0) return out;
  if (policy.mode === 'enforce') out.push(finding('mail.mta-sts.ok', 'ok', params, { policy: got.body }));
  else out.push(finding('mail.mta-sts.not-enforced', 'info', params, { policy: got.body }));
  return out;
}

function tlsRptFindings(domain: string, records: string[], data: MtaStsData): Finding[] {
  const name = `_smtp._tls.${domain}`;
  // RFC 8460 §3: records not starting with "v=TLSRPTv1" are ignored; more than one is an error.
  const ours = records.filter((r) => /^v=TLSRPTv1\s*(;|$)/.test(r.trim()));
  if (ours.length === 0) return [finding('mail.tlsrpt.none', 'info', { domain, name })];
  if (ours.length > 1) {
    return [
      finding(
        'mail.tlsrpt.invalid',
        'fail',
        { domain, name, problem: `${ours.length} records` },
        { records },
      ),
    ];
  }
  const rua = (parseTagRecord(ours[0] as string).get('rua') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  data.tlsRptRua = rua;
  const bad = rua.filter((u) => !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u));
  if (rua.length === 0 || bad.length > 0) {
    const problem = rua.length === 0 ? 'no rua=' : `bad rua ${bad.join(', ')}`;
    return [finding('mail.tlsrpt.invalid', 'fail', { domain, name, problem }, { records })];
  }
  return [finding('mail.tlsrpt.ok', 'ok', { domain, rua }, { records })];
}

export async function auditMtaSts(
  ctx: MailCheckContext,
  hosts: readonly MxHost[],
  options: MtaStsOptions = {},
): Promise<MailPart<MtaStsData>> {
  const { domain } = ctx;
  const name = `_mta-sts.${domain}`;
  const [sts, rpt] = await Promise.all([
    ctx.resolver.query(name, 'TXT'),
    ctx.resolver.query(`_smtp._tls.${domain}`, 'TXT'),
  ]);
  const texts = (a: typeof sts) => a.records.map((r) => (r.data as { text: string }).text);
  const data: MtaStsData = { records: texts(sts), tlsRptRecords: texts(rpt), tlsRptRua: [] };
  const findings: Finding[] = [...answerFindings(sts), ...answerFindings(rpt)].filter(
    (f) => f.severity === 'fail' && f.id !== 'dns.name.nxdomain',
  );
  findings.push(...tlsRptFindings(domain, data.tlsRptRecords, data));

  // RFC 8461 §3.1: records that do not begin with "v=STSv1;" are discarded; exactly one must remain.
  const ours = data.records.filter((r) => /^v=STSv1/.test(r.trim()));
  if (ours.length === 0) {
    findings.push(finding('mail.mta-sts.none', 'info', { domain, name }));
    return { findings, data };
  }
  if (ours.length > 1) {
    findings.push(
      finding('mail.mta-sts.multiple', 'fail', { domain, name, count: ours.length }, { records: ours }),
    );
    return { findings, data };
  }
  const record = ours[0] as string;
  const problem = mtaStsRecordProblem(record);
  if (problem !== undefined) {
    findings.push(
      finding('mail.mta-sts.record-invalid', 'fail', { domain, name, record, problem }, { record }),
    );
    return { findings, data };
  }
  data.id = parseTagRecord(record).get('id') ?? '';
  findings.push(...(await policyFindings(ctx, hosts, data, options)));
  return { findings, data };
}
