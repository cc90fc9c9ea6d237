/** `netdoctor scan <target …>`: the exposure audit's port scan on the command line. */
import { readFileSync } from 'node:fs';
import { NetdoctorError, usageError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { readFailureReason } from '../../core/input.js';
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

/** Port states as Japanese admins say them (オープン / クローズ / フィルタ). */
const STATE_JA: Record<string, string> = { open: 'オープン', closed: 'クローズ', filtered: 'フィルタ' };
const stateWord = (state: string, lang: Lang) => (lang === 'ja' ? (STATE_JA[state] ?? state) : state);

/** The probes' own fixed phrases, for Japanese readers; anything else is the peer's or the OS's words. */
function probeErrorJa(error: string): string {
  if (error === 'no HTTP response') return 'HTTP の応答なし';
  if (error === 'no SSH identification string') return 'SSH の識別文字列なし';
  if (error === 'connection failed') return '接続失敗';
  const m = /^no connection within (\d+) ms$/.exec(error);
  return m ? `${m[1]} ms 以内に接続できず` : error;
}

function details(p: ScanHost['ports'][number], lang: Lang): string {
  const ja = lang === 'ja';
  const probe = p.probe;
  if (!probe) return '';
  const parts: string[] = [];
  if (probe.http) {
    parts.push(`${probe.http.status} ${probe.http.statusText}`.trim());
    for (const [k, v] of probe.http.revealing) parts.push(`${k}: ${v}`);
  } else if (probe.banner) parts.push(probe.banner);
  if (probe.starttls !== undefined && probe.service !== 'https')
    parts.push(probe.starttls ? 'STARTTLS' : ja ? 'STARTTLS なし' : 'no STARTTLS');
  const tls = probe.tls;
  if (tls?.outcome === 'ok' && tls.certificate) {
    const c = tls.certificate;
    const until = c.validTo.slice(0, 10);
    parts.push(
      ja
        ? `${tls.protocol} 証明書 ${c.subjectCN ?? c.subject}（${until} まで、残り ${c.daysLeft} 日）`
        : `${tls.protocol} cert ${c.subjectCN ?? c.subject} until ${until} (${c.daysLeft} d)`,
    );
  }
  if (probe.error && parts.length === 0) parts.push(`(${ja ? probeErrorJa(probe.error) : probe.error})`);
  return parts.join('; ');
}

function hostText(h: ScanHost, lang: Lang): string {
  const ja = lang === 'ja';
  const name = h.name ? (ja ? `（${h.name}）` : ` (${h.name})`) : '';
  const c = h.counts;
  const head = ja
    ? `${h.address}${name}: オープン ${c.open}、クローズ ${c.closed}、フィルタ ${c.filtered}`
    : `${h.address}${name}: ${c.open} open, ${c.closed} closed, ${c.filtered} filtered`;
  const rows = h.ports.map((p) => [
    `${p.port}/tcp`,
    stateWord(p.state, lang),
    p.probe?.service ?? p.service,
    details(p, lang),
  ]);
  const lines = [head];
  const header = ja ? ['ポート', '状態', 'サービス', '詳細'] : ['PORT', 'STATE', 'SERVICE', 'DETAILS'];
  if (rows.length) lines.push(table(rows, { header, indent: '  ' }));
  for (const e of h.extraPorts)
    lines.push(
      ja
        ? `  表示していないポート: ${stateWord(e.state, lang)} ${e.count} 個（${e.reason}）`
        : `  not shown: ${e.count} ${e.state} (${e.reason})`,
    );
  return lines.join('\n');
}

export const scanCommand: Capability = {
  name: 'scan',
  summary: tx(
    'scan TCP ports of hosts you run; banners, version disclosure, TLS certificates',
    '自分で管理するホストの TCP ポートをスキャンする: バナー、バージョン情報の露出、TLS 証明書',
  ),
  actions: [
    {
      name: '',
      summary: tx(
        'TCP connect scan of the targets you name, with banner probes and findings.',
        '指定した対象に TCP connect スキャンを行い、バナーを調べて指摘を出します。',
      ),
      usage: 'netdoctor scan <target>… [-p PORTS] [--xml FILE] [--no-probe] [--rate N] [--yes]',
      description: tx(
        'Targets: IPv4/IPv6 addresses, CIDR blocks (192.0.2.0/28), host names (resolved with --server).\n' +
          "Ports: 22,80,443  1-1024  8000-  top100  top1000 (nmap's frequency table)  all.\n" +
          'Only what you name is scanned; more than 256 addresses needs --yes. Scan only hosts you run.',
        '対象: IPv4/IPv6 アドレス、CIDR ブロック（192.0.2.0/28）、ホスト名（--server で名前解決）。\n' +
          'ポート: 22,80,443  1-1024  8000-  top100  top1000（nmap の頻度表）  all。\n' +
          '指定したものだけをスキャンします。256 アドレスを超える場合は --yes が必要です。自分で管理するホストだけをスキャンしてください。',
      ),
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
          description: tx(
            'ports: list, ranges, top100, top1000, all',
            'ポート: 列挙、範囲、top100、top1000、all',
          ),
          defaultText: 'top1000',
        },
        probe: {
          type: 'boolean',
          description: tx(
            'probe open ports for banners even on big scans',
            '大きなスキャンでも、オープンなポートのバナーを調べる',
          ),
        },
        'no-probe': {
          type: 'boolean',
          description: tx(
            'only the port states, no banner probes',
            'ポートの状態だけを調べ、バナーは調べない',
          ),
        },
        as: {
          type: 'string',
          multiple: true,
          valueName: 'PORT=SERVICE',
          description: tx(
            `probe a port as this service (${Object.keys(PROBES).join(', ')})`,
            `ポートをこのサービスとして調べる（${Object.keys(PROBES).join(', ')}）`,
          ),
        },
        xml: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'write nmap-compatible XML to FILE (- for stdout)',
            'nmap 互換の XML を FILE に書き出す（- で標準出力）',
          ),
        },
        rate: {
          type: 'string',
          valueName: 'N',
          description: tx(
            'connection attempts per second at most (0: no cap)',
            '1 秒あたりの接続試行の上限（0 で上限なし）',
          ),
          defaultText: tx('10000; no cap on loopback', '10000。ループバックでは上限なし'),
        },
        parallel: {
          type: 'string',
          valueName: 'N',
          description: tx('connections in flight at most', '同時に試行する接続の上限'),
          defaultText: '4096',
        },
        timeout: {
          type: 'string',
          valueName: 'SECONDS',
          description: tx(
            'longest wait for one connection (shorter ones are learned)',
            '1 回の接続を待つ最長時間（秒。実際の待ち時間は応答から学習して短くします）',
          ),
          defaultText: '1.5',
        },
        retries: {
          type: 'string',
          valueName: 'N',
          description: tx('tries after a timeout', 'タイムアウト後に試し直す回数'),
          defaultText: '1',
        },
        'probe-timeout': {
          type: 'string',
          valueName: 'SECONDS',
          description: tx('deadline per banner probe', 'バナー調査 1 回あたりの制限時間（秒）'),
          defaultText: '5',
        },
        threads: {
          type: 'string',
          valueName: 'N',
          description: tx('scanner threads', 'スキャンに使うスレッド数'),
          defaultText: tx('2 for big scans', '大きなスキャンでは 2'),
        },
        ca: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            "trust these CA certificates (PEM) instead of the system's",
            'システムの CA 証明書の代わりにこの CA 証明書（PEM）を信頼する',
          ),
        },
        yes: {
          type: 'boolean',
          description: tx('allow more than 256 addresses', '256 を超えるアドレスのスキャンを許可する'),
        },
        server: RESOLVER_OPTIONS.server as NonNullable<typeof RESOLVER_OPTIONS.server>,
      },
      positionals: { min: 1 },
      async run({ args, options, progress, stdout, lang }) {
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
              params: { what: tx('the CA file', 'CA 証明書ファイル'), why: readFailureReason(e) },
            });
          }
        }
        const xmlInputs = typeof options.ca === 'string' ? [options.ca] : [];
        if (typeof options.xml === 'string' && options.xml !== '-') {
          refuseOutputOverInput(options.xml, { inputs: xmlInputs, option: 'xml' });
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
            option: 'xml',
          });
        }
        const { findings, ...data } = r;
        return { findings, data, text: r.hosts.map((h) => hostText(h, lang)).join('\n\n') };
      },
    },
  ],
};
