/**
 * `netdoctor db migrate|copy`: the store every history is kept in, SQLite or PostgreSQL; and the
 * `--db` option and `NETDOCTOR_DB` variable every history command reads (`storeOf`).
 */
import { usageError } from '../../core/errors.js';
import {
  copyStore,
  defaultDatabasePath,
  isPostgresUrl,
  migrateStore,
  pendingMigrations,
  redactUrl,
} from '../../store/index.js';
import type { ActionContext, Capability, OptionSpec } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { table } from '../render/table.js';

export const DB_OPTION: Record<string, OptionSpec> = {
  db: {
    type: 'string',
    valueName: 'FILE|URL',
    description: tx(
      'the store: an SQLite file, or postgres://user@host/database for a shared PostgreSQL (also NETDOCTOR_DB)',
      '保存先: SQLite ファイル、または共有の PostgreSQL なら postgres://user@host/database（NETDOCTOR_DB でも指定可）',
    ),
    defaultText: tx(
      '$NETDOCTOR_DB, else $XDG_DATA_HOME/netdoctor/netdoctor.db or ~/.local/share/netdoctor/netdoctor.db',
      '$NETDOCTOR_DB、なければ $XDG_DATA_HOME/netdoctor/netdoctor.db または ~/.local/share/netdoctor/netdoctor.db',
    ),
  },
};

/** The store of this run: `--db`, else `NETDOCTOR_DB`, else the default SQLite file. */
export function storeOf(ctx: ActionContext): string {
  const given = ctx.options.db;
  if (typeof given === 'string' && given !== '') return given;
  const env = ctx.env.NETDOCTOR_DB;
  if (env) return env;
  return defaultDatabasePath(ctx.env);
}

/** The store as shown and put in `--json`: a URL without its password. */
export function shownStore(db: string): string {
  return redactUrl(db);
}

async function runMigrate(ctx: ActionContext) {
  const db = storeOf(ctx);
  const dry = ctx.options['dry-run'] === true;
  const steps = dry ? await pendingMigrations(db) : await migrateStore(db);
  const ja = ctx.lang === 'ja';
  const where = terminalSafe(shownStore(db));
  let text: string;
  if (steps.length === 0)
    text = ja ? `${where}: 適用待ちのマイグレーションはありません` : `${where}: no migration pending`;
  else {
    const head = dry
      ? ja
        ? `${where}: 次のマイグレーションを適用します（--dry-run のため何も変更していません）`
        : `${where}: these migrations would run (--dry-run: nothing changed)`
      : ja
        ? `${where}: 次のマイグレーションを適用しました`
        : `${where}: applied`;
    const rows = steps.map((s) => [
      s.history,
      s.id,
      String(s.sql.match(/\b(CREATE|INSERT|ALTER|DROP)\b/g)?.length ?? 0),
    ]);
    text = `${head}\n${table(rows, { header: ja ? ['履歴', 'ID', '文の数'] : ['HISTORY', 'ID', 'STATEMENTS'], right: [2] })}`;
    if (dry)
      text += `\n\n${steps.map((s) => `-- ${s.history} ${s.id}\n${s.sql.trim().replace(/^ {6}/gm, '')}`).join('\n\n')}`;
  }
  return {
    findings: [],
    data: {
      db: shownStore(db),
      kind: isPostgresUrl(db) ? 'postgres' : 'sqlite',
      dryRun: dry,
      migrations: steps,
    },
    text,
  };
}

async function runCopy(ctx: ActionContext) {
  const from = ctx.options.from;
  const to =
    typeof ctx.options.to === 'string' && ctx.options.to !== '' ? ctx.options.to : ctx.env.NETDOCTOR_DB;
  const usage = 'netdoctor db copy --from FILE --to postgres://…';
  if (typeof from !== 'string' || from === '')
    throw usageError(CLI_ERRORS.missingArgument, '--from', { usage });
  if (!to) throw usageError(CLI_ERRORS.missingArgument, '--to', { usage });
  const results = await copyStore(from, to, {
    progress: (history, read) => ctx.progress.update(history, read, undefined, 'items'),
  });
  ctx.progress.done();
  const ja = ctx.lang === 'ja';
  const rows = results.map((r) => [r.history, String(r.read), String(r.stored), String(r.duplicates)]);
  return {
    findings: [],
    data: { from: shownStore(from), to: shownStore(to), histories: results },
    text: `${terminalSafe(shownStore(from))} → ${terminalSafe(shownStore(to))}\n${table(rows, {
      header: ja ? ['履歴', '読んだ件数', '保存', '既存'] : ['HISTORY', 'READ', 'STORED', 'ALREADY THERE'],
      right: [1, 2, 3],
    })}`,
  };
}

export const dbCommand: Capability = {
  name: 'db',
  summary: tx(
    'the store of every history: migrations, and copying SQLite into PostgreSQL',
    'すべての履歴の保存先: マイグレーションと、SQLite から PostgreSQL へのコピー',
  ),
  actions: [
    {
      name: 'migrate',
      summary: tx(
        'Apply the schema migrations the store lacks (every command does this on start).',
        '保存先に足りないスキーマのマイグレーションを適用します（各コマンドも起動時に行います）。',
      ),
      usage: 'netdoctor db migrate [--dry-run] [--db FILE|URL]',
      description: tx(
        'Migrations are versioned per history and recorded in the store. On PostgreSQL they run under an\n' +
          'advisory lock, so two hosts starting at once apply each one once.',
        'マイグレーションは履歴ごとに版があり、保存先に記録されます。PostgreSQL ではアドバイザリーロックの下で\n' +
          '実行するため、2 台が同時に起動しても各マイグレーションは 1 回だけ適用されます。',
      ),
      examples: [
        'netdoctor db migrate --dry-run',
        'netdoctor db migrate --db postgres://netdoctor@db.example.org/netdoctor --json',
      ],
      options: {
        'dry-run': {
          type: 'boolean',
          description: tx(
            'only show what would run, with its SQL',
            '実行する内容を SQL ごと表示するだけにする',
          ),
        },
        ...DB_OPTION,
      },
      positionals: { min: 0, max: 0 },
      run: runMigrate,
    },
    {
      name: 'copy',
      summary: tx(
        'Copy every history from one store into another, e.g. SQLite into PostgreSQL (idempotent).',
        'すべての履歴をある保存先から別の保存先へコピーします（例: SQLite から PostgreSQL。重複しません）。',
      ),
      usage: 'netdoctor db copy --from FILE|URL --to URL|FILE',
      description: tx(
        'Reports already in the target are kept once, so an interrupted copy is finished by running it again.',
        'コピー先にすでにあるレポートは重複させないため、中断したコピーはもう一度実行すれば完了します。',
      ),
      examples: [
        'netdoctor db copy --from ~/.local/share/netdoctor/netdoctor.db --to postgres://netdoctor@db.example.org/netdoctor',
      ],
      options: {
        from: {
          type: 'string',
          valueName: 'FILE|URL',
          description: tx('the store to copy from', 'コピー元の保存先'),
        },
        to: {
          type: 'string',
          valueName: 'URL|FILE',
          description: tx('the store to copy into', 'コピー先の保存先'),
          defaultText: '$NETDOCTOR_DB',
        },
      },
      positionals: { min: 0, max: 0 },
      run: runCopy,
    },
  ],
};
