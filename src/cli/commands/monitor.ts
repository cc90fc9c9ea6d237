/**
 * `netdoctor monitor run|once|status|history`: the daemon over a monitor.yaml, one pass for cron,
 * and the stored history. SIGHUP reloads the file keeping the state of unchanged checks; SIGTERM
 * and SIGINT stop cleanly (checks in flight finish, the history is flushed).
 */
import { readFileSync } from 'node:fs';
import { NetdoctorError } from '../../core/errors.js';
import { finding } from '../../core/findings.js';
import { localize, type MessageCatalog } from '../../core/i18n.js';
import { readFailureReason } from '../../core/input.js';
import { writeOutputFile } from '../../core/output.js';
import {
  type Describe,
  historyChart,
  Monitor,
  type MonitorConfig,
  monitorAvailability,
  monitorNotifications,
  monitorStatus,
  openMonitorHistory,
  parseMonitorConfig,
} from '../../monitor/index.js';
import type { ActionContext, Capability, OptionSpec } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { table } from '../render/table.js';
import { stderrLine } from '../stderr-line.js';
import { DB_OPTION, storeOf } from './db.js';

const DB: Record<string, OptionSpec> = DB_OPTION;

/** `--since` and `--check` of the history readers (`monitor history`, `monitor notifications`). */
const PERIOD_AND_CHECK = {
  since: {
    type: 'string',
    valueName: '7d',
    description: tx('from how long ago (h, d, w, or a date)', 'いつから（h・d・w または日付）'),
    defaultText: '7d',
  },
  check: { type: 'string', valueName: 'NAME', description: tx('only this check', 'このチェックのみ') },
} as const;

function loadConfig(file: string): MonitorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.cannotReadFile, {
      input: file,
      cause: e,
      params: { what: tx('the monitor configuration', '監視設定'), why: readFailureReason(e) },
    });
  }
  return parseMonitorConfig(text, file);
}

const dbOf = (ctx: ActionContext) => storeOf(ctx);
/**
 * The message catalog (every capability's sentences, some 120 modules) is loaded when a finding is
 * first put in words: a monitor whose checks stay UP never loads it.
 */
let catalogLoad: Promise<MessageCatalog> | undefined;
const loadCatalog = () => (catalogLoad ??= import('../../catalog.js').then((m) => m.catalog));
const describe: Describe = async (f, lang) => localize(f, await loadCatalog(), lang);

export const monitorCommand: Capability = {
  name: 'monitor',
  summary: tx(
    'checks on a schedule from monitor.yaml: history, and a message when something breaks or comes back',
    'monitor.yaml のチェックを定期実行: 履歴を残し、障害と復旧を通知する',
  ),
  actions: [
    {
      name: 'run',
      summary: tx(
        'Run the monitor until stopped (SIGHUP reloads the file).',
        '停止されるまで監視を続ける（SIGHUP で設定を再読み込み）。',
      ),
      usage: 'netdoctor monitor run <monitor.yaml> [--db FILE|URL]',
      examples: [
        'netdoctor monitor run /etc/netdoctor/monitor.yaml',
        'netdoctor monitor run monitor.yaml --db /var/lib/netdoctor/monitor.db',
        'netdoctor monitor run monitor.yaml --db postgres://netdoctor@db.example.org/netdoctor',
      ],
      options: DB,
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const file = ctx.args[0] as string;
        const config = loadConfig(file);
        const history = await openMonitorHistory(dbOf(ctx));
        const monitor = new Monitor(config, { history, describe, log: stderrLine });
        await monitor.start();
        stderrLine(`<6>netdoctor monitor: ${config.checks.length} check(s) from ${file}`);
        // Keeps the event loop alive: the check timers are unref'd.
        const keepAlive = setInterval(() => {}, 1 << 30);
        await new Promise<void>((resolve) => {
          const onHup = () => {
            try {
              monitor.reload(loadConfig(file));
              stderrLine(`<6>netdoctor monitor: reloaded ${file}`);
            } catch (e) {
              stderrLine(
                `<3>netdoctor monitor: ${file} not reloaded, the running configuration is kept: ${(e as Error).message}`,
              );
            }
          };
          // The handlers stay while the monitor stops: a second SIGTERM (timeout(1) and systemd
          // signal the process and its group) must not kill it halfway through the last flush.
          const onStop = () => {
            process.off('SIGHUP', onHup);
            resolve();
          };
          process.on('SIGHUP', onHup);
          process.on('SIGTERM', onStop);
          process.on('SIGINT', onStop);
        });
        clearInterval(keepAlive);
        await monitor.stop();
        await history.close();
        const st = monitor.stats;
        const late = monitor.lateness();
        stderrLine(
          `<6>netdoctor monitor: stopped; ${st.runs} check(s) run (${st.ok} OK, ${st.warning} WARNING, ${st.critical} CRITICAL, ${st.unknown} UNKNOWN), the latest start ${st.maxLateMs} ms after its planned time (median ${late.p50Ms} ms, 99th percentile ${late.p99Ms} ms, ${late.over1s} start(s) over 1 s late; the longest history write ${st.maxWriteMs} ms)`,
        );
        return { findings: [], printed: true, exitStatus: 0 };
      },
    },
    {
      name: 'once',
      summary: tx(
        'Run every check once, notify changes, store results (for cron).',
        'すべてのチェックを 1 回実行し、変化を通知して結果を保存する（cron 向け）。',
      ),
      usage: 'netdoctor monitor once <monitor.yaml> [--db FILE|URL]',
      examples: [
        'netdoctor monitor once /etc/netdoctor/monitor.yaml',
        'netdoctor monitor once monitor.yaml --json',
      ],
      options: DB,
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const config = loadConfig(ctx.args[0] as string);
        const history = await openMonitorHistory(dbOf(ctx));
        try {
          const monitor = new Monitor(config, { history, describe, log: stderrLine });
          const results = await monitor.once();
          const catalog = await loadCatalog();
          const rows = config.checks.map((c, i) => {
            const r = results[i];
            return [
              c.name,
              c.kind,
              monitor.memory(c.name)?.status ?? '',
              r
                ? localize(
                    r.findings[0] ?? finding('monitor.up', 'ok', { target: c.target, ms: 0 }),
                    catalog,
                    ctx.lang,
                  ).title
                : '',
            ];
          });
          return {
            findings: results.flatMap((r) =>
              r.findings.filter((f) => f.severity === 'warn' || f.severity === 'fail'),
            ),
            data: {
              checks: config.checks.map((c, i) => ({
                name: c.name,
                kind: c.kind,
                target: c.target,
                state: results[i]?.state,
                status: monitor.memory(c.name)?.status,
              })),
            },
            text: table(rows, { header: ['CHECK', 'KIND', 'STATUS', ''] }),
          };
        } finally {
          await history.close();
        }
      },
    },
    {
      name: 'status',
      summary: tx(
        'The latest result of each check, from the history.',
        '各チェックの最新の結果を履歴から表示する。',
      ),
      usage: 'netdoctor monitor status [--db FILE|URL]',
      examples: ['netdoctor monitor status', 'netdoctor monitor status --json'],
      options: DB,
      positionals: { min: 0, max: 0 },
      async run(ctx) {
        const history = await openMonitorHistory(dbOf(ctx), { readOnly: true });
        try {
          const latest = await monitorStatus(history);
          const rows = latest.map((r) => [
            r.check,
            r.status,
            r.state.toUpperCase(),
            new Date(r.ts).toISOString(),
            `${Math.round(r.durationMs)} ms`,
            r.finding,
          ]);
          return {
            findings: [],
            data: { checks: latest },
            text: table(rows, { header: ['CHECK', 'STATUS', 'LAST', 'AT', 'TIME', 'FINDING'] }),
          };
        } finally {
          await history.close();
        }
      },
    },
    {
      name: 'history',
      summary: tx(
        'Availability per check from the rollups; --chart draws an SVG.',
        'ロールアップから各チェックの稼働率を表示する。--chart で SVG を描く。',
      ),
      usage: 'netdoctor monitor history [--since 7d] [--check NAME] [--chart out.svg] [--db FILE|URL]',
      examples: [
        'netdoctor monitor history --since 7d',
        'netdoctor monitor history --since 30d --chart uptime.svg',
      ],
      options: {
        ...DB,
        ...PERIOD_AND_CHECK,
        chart: {
          type: 'string',
          valueName: 'FILE',
          description: tx('write an SVG chart', 'SVG のグラフを書き出す'),
        },
      },
      positionals: { min: 0, max: 0 },
      async run(ctx) {
        // The readers' helpers come with the DMARC and log commands: loaded by these actions only,
        // not by the daemon's start.
        const { parseSince } = await import('./dmarc.js');
        const since = parseSince(typeof ctx.options.since === 'string' ? ctx.options.since : '7d') * 1000;
        const history = await openMonitorHistory(dbOf(ctx), { readOnly: true });
        try {
          const {
            period,
            checks: summary,
            rows,
          } = await monitorAvailability(history, since, {
            ...(typeof ctx.options.check === 'string' ? { check: ctx.options.check } : {}),
          });
          if (typeof ctx.options.chart === 'string')
            writeOutputFile(ctx.options.chart, historyChart(rows, `netdoctor monitor — ${period}`));
          const text = table(
            summary.map((s) => [
              s.check,
              String(s.results),
              `${(s.availability * 100).toFixed(2)}%`,
              `${Math.round(s.avgMs)} ms`,
            ]),
            { header: ['CHECK', 'RESULTS', 'OK', 'AVG'] },
          );
          return {
            findings: [],
            data: { period, since: new Date(since).toISOString(), checks: summary },
            text,
          };
        } finally {
          await history.close();
        }
      },
    },
    {
      name: 'notifications',
      summary: tx(
        'The notifications the monitor delivered (or gave up on), newest first.',
        '監視が送った（または送れなかった）通知を新しい順に表示する。',
      ),
      usage: 'netdoctor monitor notifications [--since 7d] [--check NAME] [--limit N] [--db FILE|URL]',
      description: tx(
        '`monitor run` keeps one row per announcement and notifier: when it was announced, the check, the status, the notifier, whether it was delivered and the message.',
        '`monitor run` は通知 1 件・通知先ごとに、通知した時刻、チェック、状態、通知先、配信できたか、メッセージを記録します。',
      ),
      examples: [
        'netdoctor monitor notifications --since 1d',
        'netdoctor monitor notifications --check web --limit 20 --json',
      ],
      options: {
        ...DB,
        ...PERIOD_AND_CHECK,
        limit: {
          type: 'string',
          valueName: 'N',
          description: tx('at most N notifications', '最大 N 件'),
          defaultText: '100',
        },
      },
      positionals: { min: 0, max: 0 },
      async run(ctx) {
        const { parseSince } = await import('./dmarc.js');
        const { numberOption } = await import('./shared.js');
        const since = parseSince(typeof ctx.options.since === 'string' ? ctx.options.since : '7d') * 1000;
        const limit = numberOption(ctx.options, 'limit', { min: 1, max: 100_000, integer: true }) ?? 100;
        const history = await openMonitorHistory(dbOf(ctx), { readOnly: true });
        try {
          const notifications = await monitorNotifications(history, since, {
            limit,
            ...(typeof ctx.options.check === 'string' ? { check: ctx.options.check } : {}),
          });
          const ja = ctx.lang === 'ja';
          const text = notifications.length
            ? table(
                notifications.map((n) => [
                  new Date(n.ts).toISOString(),
                  terminalSafe(n.check),
                  n.status,
                  terminalSafe(n.notifier),
                  n.outcome === 'sent' ? (ja ? '送信済み' : 'sent') : ja ? '失敗' : 'failed',
                  terminalSafe(n.title),
                ]),
                {
                  header: ja
                    ? ['時刻', 'チェック', '状態', '通知先', '配信', 'メッセージ']
                    : ['AT', 'CHECK', 'STATUS', 'NOTIFIER', 'DELIVERY', 'MESSAGE'],
                },
              )
            : ja
              ? 'この期間の通知はありません。'
              : 'No notifications in this period.';
          return { findings: [], data: { since: new Date(since).toISOString(), notifications }, text };
        } finally {
          await history.close();
        }
      },
    },
  ],
};
