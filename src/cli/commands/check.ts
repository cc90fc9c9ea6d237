/**
 * `netdoctor check <kind> <target>`: one monitor check now. With `--nagios` the output is the
 * monitoring-plugins convention (one status line with performance data; exit 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN), so Nagios, Icinga, Zabbix and cron can call it.
 */
import { readFileSync } from 'node:fs';
import { catalog } from '../../catalog.js';
import { causeText, isNetdoctorError, NetdoctorError } from '../../core/errors.js';
import { localize } from '../../core/i18n.js';
import {
  CHECK_KINDS,
  type CheckOptions,
  checkKind,
  nagiosExit,
  nagiosLine,
  perfData,
  runCheck,
} from '../../monitor/index.js';
import type { Capability, OptionSpec, OptionValues } from '../command.js';
import { CLI_ERRORS, errorLine, tx } from '../l10n.js';
import { listOption, numberOption } from './shared.js';

export const CHECK_OPTIONS: Record<string, OptionSpec> = {
  nagios: {
    type: 'boolean',
    description: tx(
      'monitoring-plugins output: one status line with perfdata; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN',
      'monitoring-plugins 形式で出力: 性能データ付きの状態 1 行、終了ステータス 0 OK・1 WARNING・2 CRITICAL・3 UNKNOWN',
    ),
  },
  port: {
    type: 'string',
    short: 'p',
    valueName: 'PORT',
    description: tx('port (or host:port in the target)', 'ポート（対象に host:port でも可）'),
  },
  timeout: {
    type: 'string',
    short: 't',
    valueName: 'SECONDS',
    description: tx('deadline of the whole check', 'チェック全体の期限（秒）'),
    defaultText: '10',
  },
  warning: {
    type: 'string',
    short: 'w',
    valueName: 'SECONDS',
    description: tx('response time for WARNING', 'WARNING とする応答時間（秒）'),
  },
  critical: {
    type: 'string',
    short: 'c',
    valueName: 'SECONDS',
    description: tx('response time for CRITICAL', 'CRITICAL とする応答時間（秒）'),
  },
  path: {
    type: 'string',
    valueName: 'PATH',
    description: tx('http: the path to get', 'http: 取得するパス'),
    defaultText: '/',
  },
  string: {
    type: 'string',
    short: 's',
    valueName: 'TEXT',
    description: tx('http: text the page must contain', 'http: ページに含まれるべき文字列'),
  },
  'expect-status': {
    type: 'string',
    valueName: 'CODES',
    description: tx('http: accepted status codes, e.g. 200,301', 'http: 受け付けるステータス（例: 200,301）'),
  },
  follow: {
    type: 'string',
    valueName: 'N',
    description: tx('http: follow up to N redirects', 'http: リダイレクトを N 回までたどる'),
    defaultText: '0',
  },
  sni: {
    type: 'string',
    valueName: 'NAME',
    description: tx(
      'TLS server name and the name the certificate must carry',
      'TLS のサーバー名（証明書が持つべき名前）',
    ),
  },
  'cert-warn': {
    type: 'string',
    valueName: 'DAYS',
    description: tx('certificate: WARNING below DAYS left', '証明書: 残り日数がこれ未満で WARNING'),
    defaultText: '21',
  },
  'cert-crit': {
    type: 'string',
    valueName: 'DAYS',
    description: tx('certificate: CRITICAL below DAYS left', '証明書: 残り日数がこれ未満で CRITICAL'),
    defaultText: '7',
  },
  ca: {
    type: 'string',
    valueName: 'FILE',
    description: tx(
      'trust anchors (PEM) instead of the system CAs',
      'システムの CA の代わりに使う信頼点（PEM）',
    ),
  },
  type: {
    type: 'string',
    valueName: 'TYPE',
    description: tx('dns: record type', 'dns: レコード型'),
    defaultText: 'A',
  },
  expect: {
    type: 'string',
    multiple: true,
    valueName: 'ANSWER',
    description: tx('dns: an expected answer (all must match)', 'dns: 期待する応答（すべて一致が必要）'),
  },
  server: {
    type: 'string',
    multiple: true,
    valueName: 'IP[:PORT]',
    description: tx('DNS server(s) to ask', '問い合わせる DNS サーバー'),
  },
  'serial-server': {
    type: 'string',
    multiple: true,
    valueName: 'IP[:PORT]',
    description: tx(
      'dns: compare the SOA serial across these servers',
      'dns: これらのサーバー間で SOA シリアルを比べる',
    ),
  },
  blocklist: {
    type: 'string',
    multiple: true,
    valueName: 'ZONE',
    description: tx('dnsbl: a blocklist zone', 'dnsbl: ブロックリストのゾーン'),
  },
  banner: {
    type: 'string',
    valueName: 'TEXT',
    description: tx(
      'tcp/imap/pop3: the greeting must start with TEXT',
      'tcp/imap/pop3: 挨拶がこの文字列で始まること',
    ),
  },
  starttls: {
    type: 'boolean',
    description: tx('smtp/imap/pop3: require STARTTLS', 'smtp/imap/pop3: STARTTLS を必須にする'),
  },
  'no-starttls': {
    type: 'boolean',
    description: tx('smtp: do not try STARTTLS', 'smtp: STARTTLS を試さない'),
  },
  fcrdns: {
    type: 'boolean',
    description: tx(
      "smtp: check the FCrDNS of the server's address",
      'smtp: サーバーのアドレスの FCrDNS を確認する',
    ),
  },
  packets: {
    type: 'string',
    valueName: 'N',
    description: tx('icmp: echo requests to send', 'icmp: 送るエコー要求の数'),
    defaultText: '3',
  },
  closed: {
    type: 'string',
    valueName: 'PORTS',
    description: tx(
      'exposure: ports that must be closed, e.g. 23,3306',
      'exposure: 閉じているべきポート（例: 23,3306）',
    ),
  },
};

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.cannotReadFile, {
      input: file,
      cause: e,
      params: { what: tx('the CA file', 'CA ファイル'), why: causeText(e) },
    });
  }
}

/** The library options from the flags (each number validated naming its flag). */
export function checkOptions(options: OptionValues): CheckOptions {
  const seconds = (name: string) => {
    const v = numberOption(options, name, { min: 0.001, max: 3600 });
    return v === undefined ? undefined : v * 1000;
  };
  const o: CheckOptions = { timeoutMs: seconds('timeout') ?? 10_000 };
  const port = numberOption(options, 'port', { min: 1, max: 65535, integer: true });
  if (port !== undefined) o.port = port;
  const warnMs = seconds('warning');
  if (warnMs !== undefined) o.warnMs = warnMs;
  const critMs = seconds('critical');
  if (critMs !== undefined) o.critMs = critMs;
  if (typeof options.path === 'string') o.path = options.path;
  if (typeof options.string === 'string') o.keyword = options.string;
  const statuses = listOption(options, 'expect-status');
  if (statuses.length)
    o.expectStatus = statuses.map(
      (s) =>
        numberOption({ 'expect-status': s }, 'expect-status', {
          min: 100,
          max: 599,
          integer: true,
        }) as number,
    );
  const follow = numberOption(options, 'follow', { min: 0, max: 20, integer: true });
  if (follow !== undefined) o.followRedirects = follow;
  if (typeof options.sni === 'string') o.servername = options.sni;
  const cw = numberOption(options, 'cert-warn', { min: 0, max: 3650, integer: true });
  if (cw !== undefined) o.certWarnDays = cw;
  const cc = numberOption(options, 'cert-crit', { min: 0, max: 3650, integer: true });
  if (cc !== undefined) o.certCritDays = cc;
  if (typeof options.ca === 'string') o.ca = readCa(options.ca);
  if (typeof options.type === 'string') o.recordType = options.type;
  const expect = listOption(options, 'expect');
  if (expect.length) o.expect = expect;
  const servers = listOption(options, 'server');
  if (servers.length) o.servers = servers;
  const serial = listOption(options, 'serial-server');
  if (serial.length) o.serialServers = serial;
  const lists = listOption(options, 'blocklist');
  if (lists.length) o.blocklists = lists;
  if (typeof options.banner === 'string') o.expectBanner = options.banner;
  if (options.starttls === true) o.startTls = true;
  if (options['no-starttls'] === true) o.startTls = false;
  if (options.fcrdns === true) o.fcrdns = true;
  const packets = numberOption(options, 'packets', { min: 1, max: 100, integer: true });
  if (packets !== undefined) o.packets = packets;
  if (typeof options.closed === 'string') o.closedPorts = options.closed;
  return o;
}

export const checkCommand: Capability = {
  name: 'check',
  summary: tx(
    'one monitoring check now (tcp, http, tls, dns, smtp …); --nagios for Nagios/Icinga/Zabbix',
    '監視チェックを 1 回実行する（tcp、http、tls、dns、smtp …）。--nagios で Nagios/Icinga/Zabbix 形式',
  ),
  actions: [
    {
      name: '',
      summary: tx(
        'Run one check of KIND against TARGET and report its state.',
        '種類 KIND のチェックを TARGET に 1 回実行し、状態を報告する。',
      ),
      usage: 'netdoctor check <kind> <target> [--nagios] [--timeout S] [--warning S] [--critical S] …',
      description: tx(
        `Kinds: ${CHECK_KINDS.map((k) => k.kind).join(', ')}.\nStates: OK, WARNING, CRITICAL, UNKNOWN (the check itself could not run). A check never runs past --timeout.`,
        `種類: ${CHECK_KINDS.map((k) => k.kind).join('、')}。\n状態: OK、WARNING、CRITICAL、UNKNOWN（チェック自体を実行できない）。チェックが --timeout を超えて続くことはありません。`,
      ),
      examples: [
        'netdoctor check tcp 127.0.0.1:22',
        'netdoctor check https https://www.example.org/health --string ok --cert-warn 21 --nagios',
        'netdoctor check smtp mx1.example.org --starttls --nagios',
        'netdoctor check dns example.org --type MX --server 192.0.2.53 --expect "10 mx1.example.org."',
        'netdoctor check tls mail.example.org:993 --cert-warn 21 --cert-crit 7',
        'netdoctor check icmp 192.0.2.1 --packets 5',
        'netdoctor check dnsbl 192.0.2.25 --blocklist bl.example.org',
        'netdoctor check exposure 192.0.2.10 --closed 23,3306,6379',
        'netdoctor check listeners /etc/netdoctor/listeners.allow',
        'netdoctor check mail-audit example.org',
      ],
      options: CHECK_OPTIONS,
      positionals: { min: 2, max: 2 },
      async run({ args, options, lang, json, stdout }) {
        const [kind, target] = args as [string, string];
        const nagios = options.nagios === true && !json;
        try {
          const k = checkKind(kind);
          const r = await runCheck(kind, target, checkOptions(options));
          if (nagios) {
            const lead = r.findings[0];
            const text = lead ? localize(lead, catalog, lang).title : '';
            stdout.write(`${nagiosLine(k.label, r.state, text, r.perf)}\n`);
            return { findings: r.findings, printed: true, exitStatus: nagiosExit(r.state) };
          }
          return {
            findings: r.findings,
            data: {
              kind,
              target,
              state: r.state,
              durationMs: Math.round(r.durationMs),
              perfdata: perfData(r.perf),
              perf: r.perf,
              ...(r.data ? { details: r.data } : {}),
            },
            text: `${k.label} ${r.state.toUpperCase()}`,
            exitStatus: nagiosExit(r.state) === 0 ? 0 : nagiosExit(r.state) === 3 ? 2 : 1,
          };
        } catch (e) {
          if (!nagios || !isNetdoctorError(e)) throw e;
          // The plugin convention: a check that cannot run is UNKNOWN (exit 3), said on stdout.
          stdout.write(`CHECK UNKNOWN - ${errorLine(e, lang).replace(/[\r\n|]+/g, ' ')}\n`);
          return { findings: [], printed: true, exitStatus: 3 };
        }
      },
    },
  ],
};
