/**
 * `netdoctor doctor <domain>`: the whole site in one report — DNS delegation, mail, the exposure
 * of the domain's hosts, their TLS certificates, and from the store the DMARC history and the
 * monitor's state — as text grouped by concern, `--json`, or one self-contained HTML file.
 */
import { readFileSync } from 'node:fs';
import { NetdoctorError } from '../../core/errors.js';
import { readFailureReason } from '../../core/input.js';
import { writeOutputFile } from '../../core/output.js';
import {
  CONCERNS,
  type Concern,
  concernName,
  type DoctorReport,
  localizeDoctorReport,
  renderDoctorHtml,
  runDoctor,
} from '../../doctor/index.js';
import type { ActionContext, Capability } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { jsonText } from '../render/escape.js';
import { renderFindings } from '../render/findings.js';
import { table } from '../render/table.js';
import { storeOf } from './db.js';
import { listOption, numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function readCa(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.cannotReadFile, {
      input: file,
      params: { what: tx('the CA file', 'CA 証明書ファイル'), why: readFailureReason(e) },
    });
  }
}

/** Test hook shared with `mail audit`: the MTA-STS policy host's HTTPS port. */
function mtaStsPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.NETDOCTOR_MTA_STS_PORT;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new NetdoctorError('ND_USAGE', CLI_ERRORS.envPort, { input: 'NETDOCTOR_MTA_STS_PORT' });
  return n;
}

const STATE_WORDS = {
  done: tx('checked', '確認済み'),
  skipped: tx('not checked', '未確認'),
  failed: tx('FAILED', '失敗'),
} as const;

function textReport(ctx: ActionContext, report: DoctorReport): string {
  const { lang, style } = ctx;
  const r = localizeDoctorReport(report, lang);
  const ja = lang === 'ja';
  const summary = table(
    r.sections.map((s) => [
      s.name,
      STATE_WORDS[s.state][lang],
      s.findings.length ? s.worst.toUpperCase() : '-',
      String(s.counts.fail),
      String(s.counts.warn),
      String(s.counts.info),
      String(s.counts.ok),
    ]),
    {
      header: ja
        ? ['項目', '状態', '判定', 'FAIL', 'WARN', 'INFO', 'OK']
        : ['CONCERN', 'STATE', 'WORST', 'FAIL', 'WARN', 'INFO', 'OK'],
      right: [3, 4, 5, 6],
    },
  );
  const parts = [style.bold(ja ? `サイト診断: ${r.domain}` : `Site report: ${r.domain}`), summary];
  for (const s of r.sections) {
    if (s.findings.length === 0) continue;
    parts.push(`${style.bold(`== ${s.name} ==`)}\n${renderFindings(s.findings, style, lang)}`);
  }
  if (r.certificates.length) {
    parts.push(
      `${style.bold(ja ? '== TLS 証明書 ==' : '== TLS certificates ==')}\n${table(
        r.certificates.map((c) => [
          c.address,
          String(c.port),
          c.service,
          c.subject,
          c.validTo.slice(0, 10),
          String(c.daysLeft),
        ]),
        {
          header: ja
            ? ['アドレス', 'ポート', 'サービス', '対象', '有効期限', '残り日数']
            : ['ADDRESS', 'PORT', 'SERVICE', 'SUBJECT', 'VALID UNTIL', 'DAYS LEFT'],
          right: [1, 5],
        },
      )}`,
    );
  }
  return parts.join('\n\n');
}

export const doctorCommand: Capability = {
  name: 'doctor',
  summary: tx(
    'the whole site in one report: DNS, mail, exposure, certificates, DMARC history, monitor',
    'サイト全体を 1 つのレポートに: DNS・メール・公開状況・証明書・DMARC の履歴・監視',
  ),
  actions: [
    {
      name: '',
      summary: tx(
        'Examine a domain and the hosts it runs on; text, --json or one HTML file.',
        'ドメインとそのホストを診断する。テキスト、--json、または 1 つの HTML ファイルで出力。',
      ),
      usage:
        'netdoctor doctor <domain> [--ip IP]… [--ports SPEC] [--html report.html] [--db FILE] [--server IP[:PORT]]',
      description: tx(
        "Runs the live DNS check of the domain (dns check), the mail audit, a scan of the domain's own\n" +
          'hosts (its MX hosts, the addresses of the domain and of www, and those named with --ip; only\n' +
          'those are scanned), the certificates of every TLS service found, and — when the store has them —\n' +
          "the domain's DMARC history (last 30 days) and the monitor's latest state. Findings are sorted by\n" +
          'severity and grouped by concern, each with its fix. Exit status 1 when anything is warn or fail.',
        'ドメインの DNS のライブ確認（dns check）、メール監査、ドメイン自身のホスト（MX ホスト、ドメインと www の\n' +
          'アドレス、--ip で指定したアドレス。それ以外はスキャンしません）のスキャン、見つかった TLS サービスの証明書、\n' +
          'そして保存先にあればドメインの DMARC の履歴（直近 30 日）と監視の最新状態を確認します。指摘は重大度順に\n' +
          '項目ごとにまとめ、それぞれに対処方法を示します。warn か fail があれば終了コードは 1 です。',
      ),
      examples: [
        'netdoctor doctor example.org',
        'netdoctor doctor example.org --ip 192.0.2.10 --html report.html',
        'netdoctor doctor example.org --lang ja --html report-ja.html --db /var/lib/netdoctor/netdoctor.db',
        'netdoctor doctor example.org --json --ports 22,25,80,443,465,587,993',
      ],
      options: {
        ip: {
          type: 'string',
          multiple: true,
          valueName: 'IP',
          description: tx('one more address to examine', '追加で診断するアドレス'),
        },
        ports: {
          type: 'string',
          valueName: 'SPEC',
          description: tx(
            'ports to scan on each host, as scan --ports',
            '各ホストでスキャンするポート（scan --ports と同じ書式）',
          ),
          defaultText: 'top100',
        },
        html: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'also write the report as one self-contained HTML file',
            'レポートを 1 つの自己完結した HTML ファイルにも書き出す',
          ),
        },
        db: {
          type: 'string',
          valueName: 'FILE|URL',
          description: tx(
            'the store with the DMARC history and the monitor state (also NETDOCTOR_DB)',
            'DMARC の履歴と監視の状態がある保存先（NETDOCTOR_DB でも指定可）',
          ),
          defaultText: tx('$NETDOCTOR_DB, else the default store', '$NETDOCTOR_DB、なければ既定の保存先'),
        },
        parent: {
          type: 'string',
          multiple: true,
          valueName: 'IP[:PORT]',
          description: tx(
            'a server of the parent zone to ask for the delegation',
            '委任を問い合わせる親ゾーンのサーバー',
          ),
          defaultText: tx('found through --server', '--server で探す'),
        },
        'ns-port': {
          type: 'string',
          valueName: 'N',
          description: tx("port of the domain's name servers", 'ドメインのネームサーバーのポート'),
          defaultText: '53',
        },
        'no-smtp': {
          type: 'boolean',
          description: tx(
            'do not talk SMTP to the MX hosts in the mail audit',
            'メール監査で MX ホストに SMTP 接続しない',
          ),
        },
        'smtp-port': {
          type: 'string',
          valueName: 'N',
          description: tx(
            'SMTP port of the MX hosts in the mail audit',
            'メール監査での MX ホストの SMTP ポート',
          ),
          defaultText: '25',
        },
        'ca-file': {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'trust these CA certificates (PEM) instead of the system ones',
            'システムの CA ではなくこの CA 証明書（PEM）を信頼する',
          ),
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const { args, options, progress, lang, stdout } = ctx;
        const nsPort = numberOption(options, 'ns-port', { min: 1, max: 65535, integer: true });
        const smtpPort = numberOption(options, 'smtp-port', { min: 1, max: 65535, integer: true });
        const timeout = numberOption(options, 'timeout', { min: 0.05, max: 120 });
        const ca = readCa(options['ca-file'] as string | undefined);
        const httpsPort = mtaStsPort(ctx.env);
        const htmlFile = typeof options.html === 'string' ? options.html : undefined;
        const finished = new Set<Concern>();
        const report = await runDoctor(
          args[0] as string,
          {
            ips: listOption(options, 'ip'),
            ...(typeof options.ports === 'string' ? { ports: options.ports } : {}),
            parent: listOption(options, 'parent'),
            ...(nsPort !== undefined ? { nsPort } : {}),
            ...(timeout !== undefined ? { dnsTimeoutMs: timeout * 1000 } : {}),
            smtp:
              options['no-smtp'] === true
                ? false
                : {
                    ...(smtpPort !== undefined ? { port: smtpPort } : {}),
                    ...(ca !== undefined ? { ca } : {}),
                  },
            ...(httpsPort !== undefined || ca !== undefined
              ? {
                  mtaSts: {
                    ...(httpsPort !== undefined ? { httpsPort } : {}),
                    ...(ca !== undefined ? { ca } : {}),
                  },
                }
              : {}),
            ...(ca !== undefined ? { ca } : {}),
            db: storeOf(ctx),
          },
          {
            resolver: resolverFrom(options),
            onProgress: (concern, phase) => {
              if (phase !== 'start') finished.add(concern);
              progress.update(concernName(concern, lang), finished.size, CONCERNS.length, 'items');
            },
          },
        );
        progress.done();
        if (htmlFile !== undefined)
          writeOutputFile(htmlFile, renderDoctorHtml(report, lang), { option: 'html' });
        const out = ctx.json
          ? jsonText({ command: 'doctor', ...localizeDoctorReport(report, lang) })
          : textReport(ctx, report);
        stdout.write(`${out}\n`);
        return { findings: report.findings, printed: true };
      },
    },
  ],
};
