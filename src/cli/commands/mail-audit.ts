/** `netdoctor mail audit`: why is my mail rejected? MX, reverse DNS, SPF, DKIM, DMARC, MTA-STS, SMTP. */
import { readFileSync } from 'node:fs';
import { NetdoctorError, usageError } from '../../core/errors.js';
import { auditMail, type MailAuditResult, type SmtpProbeResult, type SpfNode } from '../../mail/index.js';
import type { Capability } from '../command.js';
import { table } from '../render/table.js';
import { listOption, numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function readCa(path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', `cannot read CA file: ${(e as Error).message}`, {
      input: path,
    });
  }
}

/** Test hook: the MTA-STS policy host's HTTPS port (the tests' loopback server). */
function mtaStsPort(): number | undefined {
  const raw = process.env.NETDOCTOR_MTA_STS_PORT;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw usageError('must be a port 1-65535', 'NETDOCTOR_MTA_STS_PORT');
  return n;
}

const mark = (pass: boolean | null) => (pass === null ? '-' : pass ? 'pass' : 'FAIL');

function smtpCell(p: SmtpProbeResult): string {
  if (p.outcome !== 'ok') return p.outcome;
  const tls = p.starttls?.tls;
  if (tls?.outcome === 'ok') return `STARTTLS ${tls.protocol}`;
  return p.ehlo?.starttls ? 'STARTTLS failed' : 'no STARTTLS';
}

function spfRows(node: SpfNode, depth: number, out: string[][]): void {
  if (depth > 6 || out.length > 40) return;
  const label = depth === 0 ? 'SPF' : `${'  '.repeat(depth)}${node.via}`;
  const value = node.record ?? (node.problem ? `(${node.problem})` : '-');
  out.push([label, node.domain, value]);
  for (const c of node.children) spfRows(c, depth + 1, out);
}

/** The records the audit read, one line each (the whole of them is in --json). */
function recordRows(r: MailAuditResult): string[][] {
  const rows: string[][] = [];
  spfRows(r.spf.tree, 0, rows);
  rows.push([
    '',
    '',
    `${r.spf.lookups} of ${r.spf.lookupLimit} DNS lookups, ${r.spf.voidLookups} of ${r.spf.voidLimit} void`,
  ]);
  for (const s of r.dkim.selectors.filter((x) => x.status === 'found')) {
    const k = s.key;
    rows.push([
      'DKIM',
      s.name,
      k
        ? `${k.keyType}${k.bits ? ` ${k.bits} bits` : ''}${k.revoked ? ' (revoked)' : ''}${k.testing ? ' (t=y)' : ''}`
        : '-',
    ]);
  }
  rows.push(['DMARC', r.dmarc.foundAt ?? `_dmarc.${r.domain}`, r.dmarc.record ?? '-']);
  rows.push(['MTA-STS', `_mta-sts.${r.domain}`, r.mtaSts.records.join(' | ') || '-']);
  if (r.mtaSts.policy) {
    const p = r.mtaSts.policy;
    rows.push([
      '',
      r.mtaSts.policyUrl ?? '',
      `mode ${p.mode ?? '?'}, mx ${p.mx.join(' ') || '-'}, max_age ${p.maxAge ?? '?'}`,
    ]);
  }
  rows.push(['TLS-RPT', `_smtp._tls.${r.domain}`, r.mtaSts.tlsRptRecords.join(' | ') || '-']);
  return rows;
}

function summaryText(r: MailAuditResult): string {
  const parts: string[] = [];
  const rows = r.mx.hosts.flatMap((h) =>
    (h.addresses.length ? h.addresses : ['(no address)']).map((ip) => {
      const a = r.addresses.find((x) => x.ip === ip);
      const s = r.smtp?.sessions.find((x) => x.ip === ip && x.exchange === h.exchange);
      const tls = s ? smtpCell(s.probe) : '-';
      return [String(h.preference), h.exchange, ip, a?.ptr.join(' ') || '-', a ? mark(a.fcrdns) : '-', tls];
    }),
  );
  for (const a of r.addresses.filter((x) => x.sending && x.mxHosts.length === 0)) {
    rows.push(['', '(sending IP)', a.ip, a.ptr.join(' ') || '-', mark(a.fcrdns), '-']);
  }
  if (rows.length)
    parts.push(table(rows, { header: ['PREF', 'MX', 'ADDRESS', 'PTR', 'FCrDNS', 'SMTP/TLS'] }));
  const records = recordRows(r);
  if (records.length) parts.push(table(records, { header: ['RECORD', 'NAME', 'VALUE'] }));
  const lines = r.providers[0]?.lines.map((l) => l.name) ?? [];
  const prov = r.providers.map((p) => [
    p.provider,
    ...lines.map((n) => mark(p.lines.find((l) => l.name === n)?.pass ?? null)),
  ]);
  if (prov.length) parts.push(table(prov, { header: ['PROVIDER', ...lines] }));
  return parts.join('\n\n');
}

export const mailAuditCommand: Capability = {
  name: 'mail',
  summary:
    'why is my mail rejected? audit a domain (MX, PTR, SPF, DKIM, DMARC, MTA-STS, SMTP); explain bounces; trace headers',
  actions: [
    {
      name: 'audit',
      summary:
        'Audit a mail domain: MX, reverse DNS, SPF, DKIM, DMARC, MTA-STS/TLS-RPT, SMTP, Gmail/Yahoo needs.',
      usage:
        'netdoctor mail audit <domain> [--ip IP]… [--selector S]… [--no-smtp] [--smtp-port N] [--server IP[:PORT]]',
      description:
        'Checks everything a receiver such as Gmail, Yahoo or docomo checks before it accepts mail from\n' +
        'the domain: MX hosts and their addresses, PTR and forward-confirmed reverse DNS of the MX hosts\n' +
        'and sending IPs (--ip; default the MX addresses), SPF per sending IP, DKIM keys (--selector;\n' +
        'default a list of common selectors), DMARC, MTA-STS and TLS-RPT, and each MX host over SMTP\n' +
        '(banner, EHLO, STARTTLS, certificate). Ends with pass/fail per Gmail and Yahoo requirement.',
      examples: [
        'netdoctor mail audit example.org',
        'netdoctor mail audit example.org --ip 192.0.2.25 --selector default --no-smtp',
        'netdoctor mail audit example.org --server 1.1.1.1 --smtp-timeout 5 --json',
      ],
      options: {
        ip: {
          type: 'string',
          multiple: true,
          valueName: 'IP',
          description: 'a sending IP to check (PTR, FCrDNS, SPF result)',
          defaultText: 'the MX hosts’ addresses',
        },
        selector: {
          type: 'string',
          multiple: true,
          valueName: 'S',
          description: 'a DKIM selector to look up (<S>._domainkey.<domain>)',
          defaultText: 'default, google, selector1, selector2, k1, s1, dkim, mail …',
        },
        smtp: { type: 'boolean', description: 'connect to each MX host over SMTP', defaultText: 'on' },
        'no-smtp': { type: 'boolean', description: 'skip the SMTP connections (DNS and HTTPS only)' },
        'smtp-port': {
          type: 'string',
          valueName: 'N',
          description: 'port of the MX hosts’ SMTP service',
          defaultText: '25',
        },
        'smtp-timeout': {
          type: 'string',
          valueName: 'SECONDS',
          description: 'how long to wait to connect and for each SMTP reply',
          defaultText: '8',
        },
        'ca-file': {
          type: 'string',
          valueName: 'PEM',
          description:
            'trust these CA certificates (instead of the system’s) for SMTP and MTA-STS certificates',
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options }) {
        if (options.smtp === true && options['no-smtp'] === true) {
          throw usageError('give either --smtp or --no-smtp', '--no-smtp');
        }
        const port = numberOption(options, 'smtp-port', { min: 1, max: 65535, integer: true });
        const timeout = numberOption(options, 'smtp-timeout', { min: 0.1, max: 120 });
        const ca = readCa(options['ca-file'] as string | undefined);
        const httpsPort = mtaStsPort();
        const resolver = resolverFrom(options);
        const r = await auditMail(resolver, {
          domain: args[0] as string,
          ips: listOption(options, 'ip'),
          selectors: listOption(options, 'selector'),
          smtp:
            options['no-smtp'] === true
              ? false
              : {
                  ...(port !== undefined ? { port } : {}),
                  ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
                  ...(ca !== undefined ? { ca } : {}),
                },
          mtaSts: {
            ...(httpsPort !== undefined ? { httpsPort } : {}),
            ...(ca !== undefined ? { ca } : {}),
          },
        });
        const { findings, ...data } = r;
        return { findings, data: { ...data }, text: summaryText(r) };
      },
    },
  ],
};
