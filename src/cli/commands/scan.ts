/** `netdoctor scan <target …>`: the exposure audit's port scan on the command line. */
import { readFileSync } from 'node:fs';
import { causeText, NetdoctorError, usageError } from '../../core/errors.js';
import { refuseOutputOverInput, writeOutputFile } from '../../core/output.js';
import { nmapXml, PROBES, type ScanHost, type ScanOptions, scan } from '../../scan/index.js';
import type { Capability } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { table } from '../render/table.js';
import { VERSION } from '../version.js';
import { listOption, numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function serviceHints(raw: string[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const item of raw) {
    const m = /^(\d{1,5})=([a-z0-9]+)$/i.exec(item);
    const port = Number(m?.[1]);
    const name = m?.[2]?.toLowerCase() ?? '';
    if (!m || port < 1 || port > 65535) throw usageError(CLI_ERRORS.notPortService, '--as', { item });
    if (!(name in PROBES)) {
      throw usageError(CLI_ERRORS.unknownService, '--as', { name, names: Object.keys(PROBES).join(', ') });
    }
    out[port] = name;
  }
  return out;
}

function details(p: ScanHost['ports'][number]): string {
  const probe = p.probe;
  if (!probe) return '';
  const parts: string[] = [];
  if (probe.http) {
    parts.push(`${probe.http.status} ${probe.http.statusText}`.trim());
    for (const [k, v] of probe.http.revealing) parts.push(`${k}: ${v}`);
  } else if (probe.banner) parts.push(probe.banner);
  if (probe.starttls !== undefined && probe.service !== 'https')
    parts.push(probe.starttls ? 'STARTTLS' : 'no STARTTLS');
  const tls = probe.tls;
  if (tls?.outcome === 'ok' && tls.certificate) {
    const c = tls.certificate;
    parts.push(
      `${tls.protocol} cert ${c.subjectCN ?? c.subject} until ${c.validTo.slice(0, 10)} (${c.daysLeft} d)`,
    );
  }
  if (probe.error && parts.length === 0) parts.push(`(${probe.error})`);
  return parts.join('; ');
}

function hostText(h: ScanHost): string {
  const head = `${h.address}${h.name ? ` (${h.name})` : ''}: ${h.counts.open} open, ${h.counts.closed} closed, ${h.counts.filtered} filtered`;
  const rows = h.ports.map((p) => [`${p.port}/tcp`, p.state, p.probe?.service ?? p.service, details(p)]);
  const lines = [head];
  if (rows.length) lines.push(table(rows, { header: ['PORT', 'STATE', 'SERVICE', 'DETAILS'], indent: '  ' }));
  for (const e of h.extraPorts) lines.push(`  not shown: ${e.count} ${e.state} (${e.reason})`);
  return lines.join('\n');
}

export const scanCommand: Capability = {
  name: 'scan',
  summary: 'scan TCP ports of hosts you run; banners, version disclosure, TLS certificates',
  actions: [
    {
      name: '',
      summary: 'TCP connect scan of the targets you name, with banner probes and findings.',
      usage: 'netdoctor scan <target>… [-p PORTS] [--xml FILE] [--no-probe] [--rate N] [--yes]',
      description:
        'Targets: IPv4/IPv6 addresses, CIDR blocks (192.0.2.0/28), host names (resolved with --server).\n' +
        "Ports: 22,80,443  1-1024  8000-  top100  top1000 (nmap's frequency table)  all.\n" +
        'Only what you name is scanned; more than 256 addresses needs --yes. Scan only hosts you run.',
      examples: [
        'netdoctor scan 127.0.0.1',
        'netdoctor scan localhost -p all --no-probe',
        'netdoctor scan 127.0.0.1 -p 22,25,80,443 --json',
        'netdoctor scan 127.0.0.1 -p 1-1024 --xml scan.xml',
      ],
      options: {
        ports: {
          type: 'string',
          short: 'p',
          valueName: 'PORTS',
          description: 'ports: list, ranges, top100, top1000, all',
          defaultText: 'top1000',
        },
        probe: { type: 'boolean', description: 'probe open ports for banners even on big scans' },
        'no-probe': { type: 'boolean', description: 'only the port states, no banner probes' },
        as: {
          type: 'string',
          multiple: true,
          valueName: 'PORT=SERVICE',
          description: `probe a port as this service (${Object.keys(PROBES).join(', ')})`,
        },
        xml: {
          type: 'string',
          valueName: 'FILE',
          description: 'write nmap-compatible XML to FILE (- for stdout)',
        },
        rate: {
          type: 'string',
          valueName: 'N',
          description: 'connection attempts per second at most (0: no cap)',
          defaultText: '10000; no cap on loopback',
        },
        parallel: {
          type: 'string',
          valueName: 'N',
          description: 'connections in flight at most',
          defaultText: '4096',
        },
        timeout: {
          type: 'string',
          valueName: 'SECONDS',
          description: 'longest wait for one connection (shorter ones are learned)',
          defaultText: '1.5',
        },
        retries: { type: 'string', valueName: 'N', description: 'tries after a timeout', defaultText: '1' },
        'probe-timeout': {
          type: 'string',
          valueName: 'SECONDS',
          description: 'deadline per banner probe',
          defaultText: '5',
        },
        threads: {
          type: 'string',
          valueName: 'N',
          description: 'scanner threads',
          defaultText: '2 for big scans',
        },
        ca: {
          type: 'string',
          valueName: 'FILE',
          description: "trust these CA certificates (PEM) instead of the system's",
        },
        yes: { type: 'boolean', description: 'allow more than 256 addresses' },
        server: RESOLVER_OPTIONS.server as NonNullable<typeof RESOLVER_OPTIONS.server>,
      },
      positionals: { min: 1 },
      async run({ args, options, progress, stdout }) {
        if (options.probe === true && options['no-probe'] === true) {
          throw usageError(CLI_ERRORS.eitherOr, '--probe', { a: '--probe', b: '--no-probe' });
        }
        const timeout = numberOption(options, 'timeout', { min: 0.01, max: 60 });
        const probeTimeout = numberOption(options, 'probe-timeout', { min: 0.1, max: 120 });
        const rate = numberOption(options, 'rate', { min: 0, max: 1_000_000 });
        const parallel = numberOption(options, 'parallel', { min: 1, max: 100_000, integer: true });
        const retries = numberOption(options, 'retries', { min: 0, max: 10, integer: true });
        const threads = numberOption(options, 'threads', { min: 1, max: 8, integer: true });
        let ca: string | undefined;
        if (typeof options.ca === 'string') {
          try {
            ca = readFileSync(options.ca, 'utf8');
          } catch (e) {
            throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.cannotReadFile, {
              input: options.ca,
              cause: e,
              params: { what: tx('the CA file', 'CA 証明書ファイル'), why: causeText(e) },
            });
          }
        }
        const xmlInputs = typeof options.ca === 'string' ? [options.ca] : [];
        if (typeof options.xml === 'string' && options.xml !== '-') {
          refuseOutputOverInput(options.xml, { inputs: xmlInputs, flag: '--xml' });
        }
        const o: ScanOptions = {
          targets: args,
          resolver: resolverFrom({ server: options.server }),
          ports: typeof options.ports === 'string' ? options.ports : 'top1000',
          yes: options.yes === true,
          serviceHints: serviceHints(listOption(options, 'as')),
          onProgress: (label, done, total) => progress.update(label, done, total),
          ...(options.probe === true
            ? { probe: true }
            : options['no-probe'] === true
              ? { probe: false }
              : {}),
          ...(timeout !== undefined ? { maxTimeoutMs: timeout * 1000 } : {}),
          ...(probeTimeout !== undefined ? { probeTimeoutMs: probeTimeout * 1000 } : {}),
          ...(rate !== undefined ? { rate } : {}),
          ...(parallel !== undefined ? { parallel } : {}),
          ...(retries !== undefined ? { retries } : {}),
          ...(threads !== undefined ? { threads } : {}),
          ...(ca !== undefined ? { ca } : {}),
        };
        if (o.maxTimeoutMs !== undefined && o.maxTimeoutMs < 100) o.minTimeoutMs = o.maxTimeoutMs;
        const r = await scan(o);
        progress.done();
        const xmlTarget = options.xml;
        if (typeof xmlTarget === 'string') {
          const xml = nmapXml(r, `netdoctor scan ${process.argv.slice(3).join(' ')}`.trim(), VERSION);
          if (xmlTarget === '-') {
            stdout.write(xml);
            return { findings: r.findings, printed: true };
          }
          writeOutputFile(xmlTarget, xml, {
            inputs: xmlInputs,
            flag: '--xml',
          });
        }
        const { findings, ...data } = r;
        return { findings, data, text: r.hosts.map(hostText).join('\n\n') };
      },
    },
  ],
};
