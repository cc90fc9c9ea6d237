/** `netdoctor log waf`: what ModSecurity's audit log says — rules, families, paths, sources, and the false positives to exclude. */

import { csvCell } from '../../core/csv.js';
import { defineErrors, usageError } from '../../core/errors.js';
import { writeOutputFile } from '../../core/output.js';
import { summarizeWafLog, type TriagedCluster, type WafLogResult } from '../../waf/index.js';
import type { Capability } from '../command.js';
import { tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { type Column, sections, topTable } from '../render/report.js';
import { table } from '../render/table.js';
import { numberOption, timeRangeFrom } from './shared.js';

/** This command's own usage sentences (ids `cli.logWaf*`). */
export const LOG_WAF_CLI_ERRORS = defineErrors('cli', {
  logWafNeedInput: {
    en: 'give audit log files, the SecAuditLogStorageDir directory, or - for stdin',
    ja: '監査ログのファイル、SecAuditLogStorageDir のディレクトリ、または標準入力の - を指定してください',
  },
});

function csv(r: WafLogResult): string {
  const rows: (string | number)[][] = [
    ['table', 'key', 'family', 'hits', 'entries', 'blocked', 'sources', 'detail'],
  ];
  const t = r.summary.totals;
  rows.push(['total', '', '', t.hits, t.entries, t.blocked, '', `unparsed=${t.unparsed}`]);
  for (const x of r.summary.rules)
    rows.push(['rule', x.id, x.family, x.hits, x.entries, x.blocked, '', x.msg]);
  for (const x of r.summary.families)
    rows.push(['family', x.family, x.family, x.hits, x.entries, '', '', x.name.en]);
  for (const x of r.summary.uris) rows.push(['uri', x.key, '', x.hits, x.entries, x.blocked, '', '']);
  for (const x of r.summary.sources)
    rows.push(['source', x.key, x.families.join(' '), x.hits, x.entries, x.blocked, '', x.userAgent]);
  for (const x of r.summary.statuses) rows.push(['status', x.key, '', x.hits, x.entries, x.blocked, '', '']);
  for (const x of r.summary.scores) rows.push(['score', x.bucket, '', '', x.entries, '', '', '']);
  for (const x of r.summary.perHour) rows.push(['hour', x.key, '', x.hits, x.entries, x.blocked, '', '']);
  for (const c of r.clusters)
    rows.push([
      'cluster',
      `${c.host}\t${c.ruleId}\t${c.path}\t${c.target}`,
      c.family,
      c.hits,
      c.entries,
      c.blocked,
      c.sources,
      c.exclusion?.runtime ?? '',
    ]);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** A reviewable exclusion file: every suspect cluster, commented, with both forms. */
function exclusionFile(clusters: readonly TriagedCluster[], ja: boolean): string {
  const out: string[] = [
    ja
      ? '# netdoctor log waf が作成した除外の候補です。各リクエストを確認し、正当なものだけを残してください。'
      : '# Exclusion candidates written by netdoctor log waf. Review each one; keep only those whose requests are legitimate.',
    ja
      ? '# 前半（SecRule … ctl:ruleRemoveTargetById）は CRS を読み込む前（REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf）に置きます。'
      : '# The SecRule … ctl:ruleRemoveTargetById lines go before the CRS include (REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf).',
    ja
      ? '# SecRuleUpdateTargetById の行（コメントアウト済み）は CRS の後に置き、全パスに効きます。'
      : '# The SecRuleUpdateTargetById lines (commented out) go after the CRS include and apply to every path.',
    '',
  ];
  for (const c of clusters) {
    if (!c.suspect || !c.exclusion) continue;
    const safe = (s: string) => s.replace(/[\r\n]/g, ' ');
    out.push(
      `# ${c.ruleId} ${safe(c.msg)} — ${c.target || '*'} @ ${safe(c.host)}${c.path} (${c.hits} hits, ${c.sources}${c.sourcesCapped ? '+' : ''} clients)`,
    );
    out.push(c.exclusion.runtime);
    if (c.exclusion.configure) out.push(`# ${c.exclusion.configure}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function summaryText(r: WafLogResult, ja: boolean): string {
  const L = (en: string, jaText: string) => (ja ? jaText : en);
  const s = r.summary;
  const t = s.totals;
  const safe = (x: string) => terminalSafe(x);
  const when = (ms: number | null) =>
    ms === null ? '-' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const out: string[] = [];
  out.push(
    table(
      [
        [L('logged requests', '記録されたリクエスト'), String(t.entries)],
        [L('blocked', '遮断'), String(t.blocked)],
        [L('with rule hits', 'ルール発動あり'), String(t.withHits)],
        [L('rule hits', 'ルール発動数'), String(t.hits)],
        [L('unparsed', '読めなかったもの'), String(t.unparsed)],
        [L('left out (time, host)', '対象外（時刻・ホスト）'), String(t.filteredOut)],
        [L('first', '最初'), when(t.first)],
        [L('last', '最後'), when(t.last)],
        [
          L('formats', '形式'),
          Object.entries(s.formats)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || '-',
        ],
      ],
      { header: [L('AUDIT LOG', '監査ログ'), ''] },
    ),
  );
  const counted = (rows: { key: string; entries: number; blocked: number; hits: number }[], key: Column) =>
    topTable(
      rows.slice(0, 20),
      [key, ['REQUESTS', 'リクエスト', 'right'], ['BLOCKED', '遮断', 'right'], ['HITS', '発動', 'right']],
      (x) => [safe(x.key), String(x.entries), String(x.blocked), String(x.hits)],
      ja,
    );
  out.push(
    topTable(
      s.rules,
      [
        ['RULE', 'ルール'],
        ['FAMILY', '系統'],
        ['HITS', '発動', 'right'],
        ['BLOCKED', '遮断', 'right'],
        ['MESSAGE', 'メッセージ'],
      ],
      (x) => [
        x.id,
        `${x.family} ${ja ? x.familyName.ja : x.familyName.en}`,
        String(x.hits),
        String(x.blocked),
        ja && x.msg ? `「${safe(x.msg.slice(0, 70))}」` : safe(x.msg.slice(0, 70)),
      ],
      ja,
    ),
    counted(s.uris, ['PATH', 'パス']),
    topTable(
      s.sources.slice(0, 20),
      [
        ['SOURCE', '送信元'],
        ['REQUESTS', 'リクエスト', 'right'],
        ['BLOCKED', '遮断', 'right'],
        ['FAMILIES', '系統'],
      ],
      (x) => [
        safe(x.key),
        String(x.entries),
        String(x.blocked),
        x.families.filter((f) => !['949', '959', '980', '901'].includes(f)).join(' '),
      ],
      ja,
    ),
    counted(s.statuses, ['STATUS', 'ステータス']),
    // The score buckets are always shown, even when no entry has a score.
    table(
      s.scores.map((x) => [x.bucket, String(x.entries)]),
      { header: ja ? ['異常スコア', 'リクエスト'] : ['ANOMALY SCORE', 'REQUESTS'], right: [1] },
    ),
    topTable(
      r.clusters.slice(0, 20),
      [
        ['RULE', 'ルール'],
        ['PARAMETER', 'パラメーター'],
        ['PATH', 'パス'],
        ['HITS', '発動', 'right'],
        ['SOURCES', '送信元数', 'right'],
        ['FP SUSPECT', '誤検知候補'],
      ],
      (c) => [
        c.ruleId,
        safe(c.target || '-'),
        safe(`${c.host}${c.path}`),
        String(c.hits),
        `${c.sources}${c.sourcesCapped ? '+' : ''}`,
        c.suspect ? L('review', '要確認') : '',
      ],
      ja,
    ),
  );
  const snippets = r.clusters.filter((c) => c.suspect && c.exclusion);
  if (snippets.length)
    out.push(
      [
        L(
          'EXCLUSION CANDIDATES (review each; --exclusions FILE.conf writes them with comments)',
          '除外の候補（一つずつ確認してください。--exclusions FILE.conf でコメント付きのファイルに書き出せます）',
        ),
        ...snippets.map((c) => `  ${safe(c.exclusion?.runtime ?? '')}`),
      ].join('\n'),
    );
  return sections(out);
}

const OPTIONS = {
  since: {
    type: 'string' as const,
    valueName: 'TIME',
    description: tx(
      'only entries at or after TIME (2026-12-06, 2026-12-06T09:30, or 1d, 12h back)',
      'この時刻以降のエントリーだけ（2026-12-06、2026-12-06T09:30、または 1d、12h 前から）',
    ),
  },
  until: {
    type: 'string' as const,
    valueName: 'TIME',
    description: tx('only entries before TIME', 'この時刻より前のエントリーだけ'),
  },
  format: {
    type: 'string' as const,
    valueName: 'FORMAT',
    description: tx(
      'read only entries in this format: serial (sections A to Z) or json; default: told per entry',
      'この形式のエントリーだけを読む: serial（A〜Z のセクション）または json。既定はエントリーごとに判定',
    ),
  },
  host: {
    type: 'string' as const,
    valueName: 'HOST',
    description: tx(
      'only one application: requests with this Host header',
      '一つのアプリケーションだけ: この Host ヘッダーのリクエスト',
    ),
  },
  csv: { type: 'boolean' as const, description: tx('print the tables as CSV', '表を CSV で出力') },
  exclusions: {
    type: 'string' as const,
    valueName: 'FILE.conf',
    description: tx(
      'write the exclusion snippets of the false-positive suspects to FILE.conf, for review',
      '誤検知候補の除外スニペットを確認用に FILE.conf へ書き出す',
    ),
  },
  top: {
    type: 'string' as const,
    valueName: 'N',
    description: tx('rows per table', '表ごとの行数'),
    defaultText: '50',
  },
  'min-sources': {
    type: 'string' as const,
    valueName: 'N',
    description: tx(
      'a rule × path × parameter cluster is a false-positive suspect from N distinct clients',
      'ルール×パス×パラメーターの組は、N か所以上のクライアントから発動したら誤検知候補',
    ),
    defaultText: '3',
  },
  'min-hits': {
    type: 'string' as const,
    valueName: 'N',
    description: tx('… and N rule hits', '… かつ発動が N 回以上'),
    defaultText: '3',
  },
  'heavy-source': {
    type: 'string' as const,
    valueName: 'N',
    description: tx('name a source blocked N times or more', 'N 回以上遮断された送信元を指摘する'),
    defaultText: '20',
  },
  'id-base': {
    type: 'string' as const,
    valueName: 'ID',
    description: tx('first rule id of the exclusion snippets', '除外スニペットに使う最初のルール ID'),
    defaultText: '10000',
  },
};

export const logWafCommand: Capability = {
  name: 'log',
  summary: tx('logs', 'ログ'),
  actions: [
    {
      name: 'waf',
      summary: tx(
        'Summarize ModSecurity audit logs: rules with their CRS family, paths, sources, statuses, anomaly scores; false-positive clusters with exclusion snippets.',
        'ModSecurity の監査ログを集計します: CRS の系統付きのルール、パス、送信元、ステータス、異常スコア、除外スニペット付きの誤検知候補。',
      ),
      usage:
        'netdoctor log waf <file|dir|->… [--format serial|json] [--since T] [--until T] [--host H] [--csv] [--exclusions F.conf] [--min-sources N] [--min-hits N]',
      description: tx(
        'Reads the v2 serial (sections A–Z), v2 JSON (SecAuditLogFormat JSON) and v3 (libmodsecurity) native and\n' +
          'JSON formats, in any mix; a log file and its rotations (.gz too), the SecAuditLogStorageDir tree of the\n' +
          'Concurrent log type, or - for stdin. Cut and malformed entries are counted, never fatal.\n' +
          "Each entry's format is told from its first line; --format serial or --format json reads only that one.",
        'v2 のシリアル形式（A〜Z セクション）、v2 の JSON（SecAuditLogFormat JSON）、v3（libmodsecurity）のネイティブ形式\n' +
          'と JSON を、混在していても読みます。ログファイルとそのローテーション（.gz も可）、Concurrent 形式の\n' +
          'SecAuditLogStorageDir の木、標準入力の - を指定できます。途中で切れたエントリーや壊れたエントリーは数えて先へ進みます。\n' +
          '形式はエントリーごとに先頭の行から判定します。--format serial または --format json でその形式だけを読みます。',
      ),
      examples: [
        'netdoctor log waf /var/log/apache2/modsec_audit.log',
        'netdoctor log waf /var/log/apache2/modsec_audit.log --format json',
        'netdoctor log waf /var/log/apache2/modsec_audit.log* --since 1d --lang ja',
        'netdoctor log waf /var/log/modsec_audit/ --host shop.example.jp --exclusions fp-review.conf',
        'netdoctor log waf /var/log/modsec_audit.log --json',
        'netdoctor log waf /var/log/modsec_audit.log --csv > waf.csv',
      ],
      options: OPTIONS,
      positionals: { min: 0 },
      readsInput: true,
      async run({ args, options, stdin, lang, json, stdout, progress }) {
        const ja = lang === 'ja';
        if (args.length === 0) throw usageError(LOG_WAF_CLI_ERRORS.logWafNeedInput, 'log waf');
        const { since, until } = timeRangeFrom(options);
        const top = numberOption(options, 'top', { min: 1, max: 100000, integer: true });
        const minSources = numberOption(options, 'min-sources', { min: 1, max: 1000, integer: true });
        const minHits = numberOption(options, 'min-hits', { min: 1, max: 1e9, integer: true });
        const heavySource = numberOption(options, 'heavy-source', { min: 1, max: 1e9, integer: true });
        const ruleIdBase = numberOption(options, 'id-base', { min: 1, max: 99_999_000, integer: true });
        const exclusionsFile = typeof options.exclusions === 'string' ? options.exclusions : undefined;
        const r = await summarizeWafLog(args, {
          stdin,
          progress,
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
          ...(typeof options.host === 'string' ? { host: options.host } : {}),
          ...(typeof options.format === 'string' ? { format: options.format } : {}),
          ...(top !== undefined ? { top } : {}),
          ...(minSources !== undefined ? { minSources } : {}),
          ...(minHits !== undefined ? { minHits } : {}),
          ...(heavySource !== undefined ? { heavySource } : {}),
          ...(ruleIdBase !== undefined ? { ruleIdBase } : {}),
        });
        if (exclusionsFile !== undefined)
          writeOutputFile(exclusionsFile, exclusionFile(r.clusters, ja), { inputs: args });
        const data = {
          inputs: r.inputs.map((i) => ({
            name: i.name,
            files: i.files,
            bytes: i.bytes,
            entries: i.entries,
            unparsed: i.unparsed,
            cutLines: i.cutLines,
            problems: i.problems.map((p) => p.message),
          })),
          skipped: r.skipped.slice(0, 1000),
          summary: r.summary,
          clusters: r.clusters,
        };
        if (options.csv === true && !json) {
          stdout.write(csv(r));
          return { findings: r.findings, data, printed: true };
        }
        return { findings: r.findings, data, text: summaryText(r, ja) };
      },
    },
  ],
};
