/** `netdoctor mail audit`: why is my mail rejected? MX, reverse DNS, SPF, DKIM, DMARC, MTA-STS, SMTP. */
import { readFileSync } from 'node:fs';
import { NetdoctorError, usageError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { readFailureReason } from '../../core/input.js';
import {
  auditMail,
  type MailAuditResult,
  REQUIREMENT_NAMES_JA,
  type SmtpProbeResult,
  type SpfNode,
} from '../../mail/index.js';
import type { Capability } from '../command.js';
import { CLI_ERRORS, outcomeWord, passMark, tx } from '../l10n.js';
import { table } from '../render/table.js';
import { listOption, numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function readCa(path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.cannotReadFile, {
      input: path,
      params: { what: tx('the CA file', 'CA 証明書ファイル'), why: readFailureReason(e) },
    });
  }
}

/** Test hook: the MTA-STS policy host's HTTPS port (the tests' loopback server). */
function mtaStsPort(): number | undefined {
  const raw = process.env.NETDOCTOR_MTA_STS_PORT;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw usageError(CLI_ERRORS.envPort, 'NETDOCTOR_MTA_STS_PORT');
  return n;
}

function smtpCell(p: SmtpProbeResult, lang: Lang): string {
  if (p.outcome !== 'ok') return outcomeWord(p.outcome, lang);
  const tls = p.starttls?.tls;
  if (tls?.outcome === 'ok') return `STARTTLS ${tls.protocol}`;
  const ja = lang === 'ja';
  if (p.ehlo?.starttls) return ja ? 'STARTTLS 失敗' : 'STARTTLS failed';
  return ja ? 'STARTTLS なし' : 'no STARTTLS';
}

const SPF_PROBLEM_JA: Record<string, string> = {
  loop: '参照のループ',
  'too-deep': '参照が深すぎる',
  'dns-error': 'DNS エラー',
  none: 'SPF レコードなし',
  several: 'SPF レコードが複数',
};

function spfRows(node: SpfNode, depth: number, out: string[][], lang: Lang): void {
  if (depth > 6 || out.length > 40) return;
  const label = depth === 0 ? 'SPF' : `${'  '.repeat(depth)}${node.via}`;
  const problem =
    node.problem && lang === 'ja' ? (SPF_PROBLEM_JA[node.problem] ?? node.problem) : node.problem;
  const value = node.record ?? (problem ? `(${problem})` : '-');
  out.push([label, node.domain, value]);
  for (const c of node.children) spfRows(c, depth + 1, out, lang);
}

/** The records the audit read, one line each (the whole of them is in --json). */
function recordRows(r: MailAuditResult, lang: Lang): string[][] {
  const ja = lang === 'ja';
  const rows: string[][] = [];
  spfRows(r.spf.tree, 0, rows, lang);
  rows.push([
    '',
    '',
    ja
      ? `DNS 参照 ${r.spf.lookups} / ${r.spf.lookupLimit} 回、空の応答 ${r.spf.voidLookups} / ${r.spf.voidLimit} 回`
      : `${r.spf.lookups} of ${r.spf.lookupLimit} DNS lookups, ${r.spf.voidLookups} of ${r.spf.voidLimit} void`,
  ]);
  for (const s of r.dkim.selectors.filter((x) => x.status === 'found')) {
    const k = s.key;
    const bits = k?.bits ? (ja ? ` ${k.bits} ビット` : ` ${k.bits} bits`) : '';
    const revoked = k?.revoked ? (ja ? '（失効）' : ' (revoked)') : '';
    rows.push(['DKIM', s.name, k ? `${k.keyType}${bits}${revoked}${k.testing ? ' (t=y)' : ''}` : '-']);
  }
  rows.push(['DMARC', r.dmarc.foundAt ?? `_dmarc.${r.domain}`, r.dmarc.record ?? '-']);
  rows.push(['MTA-STS', `_mta-sts.${r.domain}`, r.mtaSts.records.join(' | ') || '-']);
  if (r.mtaSts.policy) {
    const p = r.mtaSts.policy;
    rows.push([
      '',
      r.mtaSts.policyUrl ?? '',
      ja
        ? `mode: ${p.mode ?? '?'}、mx: ${p.mx.join(' ') || '-'}、max_age: ${p.maxAge ?? '?'}`
        : `mode ${p.mode ?? '?'}, mx ${p.mx.join(' ') || '-'}, max_age ${p.maxAge ?? '?'}`,
    ]);
  }
  rows.push(['TLS-RPT', `_smtp._tls.${r.domain}`, r.mtaSts.tlsRptRecords.join(' | ') || '-']);
  return rows;
}

function summaryText(r: MailAuditResult, lang: Lang): string {
  const ja = lang === 'ja';
  const mark = (pass: boolean | null) => passMark(pass, lang);
  const parts: string[] = [];
  const rows = r.mx.hosts.flatMap((h) =>
    (h.addresses.length ? h.addresses : [ja ? '（アドレスなし）' : '(no address)']).map((ip) => {
      const a = r.addresses.find((x) => x.ip === ip);
      const s = r.smtp?.sessions.find((x) => x.ip === ip && x.exchange === h.exchange);
      const tls = s ? smtpCell(s.probe, lang) : '-';
      return [String(h.preference), h.exchange, ip, a?.ptr.join(' ') || '-', a ? mark(a.fcrdns) : '-', tls];
    }),
  );
  for (const a of r.addresses.filter((x) => x.sending && x.mxHosts.length === 0)) {
    rows.push(['', ja ? '（送信 IP）' : '(sending IP)', a.ip, a.ptr.join(' ') || '-', mark(a.fcrdns), '-']);
  }
  const mxHeader = ja
    ? ['優先度', 'MX', 'アドレス', 'PTR', 'FCrDNS', 'SMTP/TLS']
    : ['PREF', 'MX', 'ADDRESS', 'PTR', 'FCrDNS', 'SMTP/TLS'];
  if (rows.length) parts.push(table(rows, { header: mxHeader }));
  const records = recordRows(r, lang);
  if (records.length)
    parts.push(table(records, { header: ja ? ['レコード', '名前', '値'] : ['RECORD', 'NAME', 'VALUE'] }));
  const lines = r.providers[0]?.lines ?? [];
  const prov = r.providers.map((p) => [
    p.provider,
    ...lines.map((n) => mark(p.lines.find((l) => l.requirement === n.requirement)?.pass ?? null)),
  ]);
  const names = lines.map((l) => (ja ? REQUIREMENT_NAMES_JA[l.requirement] : l.name));
  if (prov.length) parts.push(table(prov, { header: [ja ? '事業者' : 'PROVIDER', ...names] }));
  return parts.join('\n\n');
}

export const mailAuditCommand: Capability = {
  name: 'mail',
  summary: tx(
    'why is my mail rejected? audit a domain (MX, PTR, SPF, DKIM, DMARC, MTA-STS, SMTP); explain bounces; trace headers',
    'メールが拒否される理由を調べる: ドメインの監査（MX、PTR、SPF、DKIM、DMARC、MTA-STS、SMTP）、エラーメールの解説、ヘッダーの追跡',
  ),
  actions: [
    {
      name: 'audit',
      summary: tx(
        'Audit a mail domain: MX, reverse DNS, SPF, DKIM, DMARC, MTA-STS/TLS-RPT, SMTP, Gmail/Yahoo needs.',
        'メールドメインを監査します: MX、逆引き、SPF、DKIM、DMARC、MTA-STS/TLS-RPT、SMTP、Gmail/Yahoo の要件。',
      ),
      usage:
        'netdoctor mail audit <domain> [--ip IP]… [--selector S]… [--no-smtp] [--smtp-port N] [--server IP[:PORT]]',
      description: tx(
        'Checks everything a receiver such as Gmail, Yahoo or docomo checks before it accepts mail from\n' +
          'the domain: MX hosts and their addresses, PTR and forward-confirmed reverse DNS of the MX hosts\n' +
          'and sending IPs (--ip; default the MX addresses), SPF per sending IP, DKIM keys (--selector;\n' +
          'default a list of common selectors), DMARC, MTA-STS and TLS-RPT, and each MX host over SMTP\n' +
          '(banner, EHLO, STARTTLS, certificate). Ends with pass/fail per Gmail and Yahoo requirement.',
        'Gmail・Yahoo・docomo などの受信側が、このドメインからのメールを受け取る前に確認する項目をすべて調べます:\n' +
          'MX ホストとそのアドレス、MX ホストと送信 IP（--ip。既定は MX のアドレス）の PTR と FCrDNS、\n' +
          '送信 IP ごとの SPF、DKIM 公開鍵（--selector。既定はよく使われるセレクターの一覧）、DMARC、\n' +
          'MTA-STS と TLS-RPT、各 MX ホストへの SMTP 接続（バナー、EHLO、STARTTLS、証明書）。\n' +
          '最後に Gmail と Yahoo の要件ごとに OK / NG を表示します。',
      ),
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
          description: tx(
            'a sending IP to check (PTR, FCrDNS, SPF result)',
            '確認する送信 IP（PTR、FCrDNS、SPF の結果）',
          ),
          defaultText: tx('the MX hosts’ addresses', 'MX ホストのアドレス'),
        },
        selector: {
          type: 'string',
          multiple: true,
          valueName: 'S',
          description: tx(
            'a DKIM selector to look up (<S>._domainkey.<domain>)',
            '調べる DKIM セレクター（<S>._domainkey.<ドメイン>）',
          ),
          defaultText: 'default, google, selector1, selector2, k1, s1, dkim, mail …',
        },
        smtp: {
          type: 'boolean',
          description: tx('connect to each MX host over SMTP', '各 MX ホストに SMTP で接続する'),
          defaultText: tx('on', '有効'),
        },
        'no-smtp': {
          type: 'boolean',
          description: tx(
            'skip the SMTP connections (DNS and HTTPS only)',
            'SMTP 接続をしない（DNS と HTTPS のみ）',
          ),
        },
        'smtp-port': {
          type: 'string',
          valueName: 'N',
          description: tx('port of the MX hosts’ SMTP service', 'MX ホストの SMTP サービスのポート'),
          defaultText: '25',
        },
        'smtp-timeout': {
          type: 'string',
          valueName: 'SECONDS',
          description: tx(
            'how long to wait to connect and for each SMTP reply',
            '接続と SMTP の応答 1 件ごとの待ち時間（秒）',
          ),
          defaultText: '8',
        },
        'ca-file': {
          type: 'string',
          valueName: 'PEM',
          description: tx(
            'trust these CA certificates (instead of the system’s) for SMTP and MTA-STS certificates',
            'SMTP と MTA-STS の証明書の検証に、システムのものではなくこの CA 証明書を使う',
          ),
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang }) {
        if (options.smtp === true && options['no-smtp'] === true) {
          throw usageError(CLI_ERRORS.eitherOr, '--no-smtp', { a: '--smtp', b: '--no-smtp' });
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
        return { findings, data: { ...data }, text: summaryText(r, lang) };
      },
    },
  ],
};
