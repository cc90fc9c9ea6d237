/**
 * `netdoctor serve`: the local web dashboard (src/web) until stopped. Loopback by default; any other
 * address needs --token or --token-file. SIGTERM and SIGINT stop it (requests in flight are cut).
 */
import { readFileSync } from 'node:fs';
import { NetdoctorError } from '../../core/errors.js';
import { readFailureReason } from '../../core/input.js';
import {
  DEFAULT_LISTEN,
  DEFAULT_MAX_UPLOAD,
  parseListen,
  parseSize,
  startDashboard,
  WEB_ERRORS,
} from '../../web/index.js';
import type { Capability } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { stderrLine } from '../stderr-line.js';
import { DB_OPTION, shownStore, storeOf } from './db.js';
import { listOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function tokenFrom(options: Record<string, unknown>): string | undefined {
  if (typeof options.token === 'string' && typeof options['token-file'] === 'string')
    throw new NetdoctorError('ND_USAGE', CLI_ERRORS.eitherOr, {
      option: 'token',
      params: { a: '--token', b: '--token-file' },
    });
  if (typeof options.token === 'string') return options.token;
  const file = options['token-file'];
  if (typeof file !== 'string') return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', WEB_ERRORS.tokenFile, {
      input: file,
      cause: e,
      params: { why: readFailureReason(e) },
    });
  }
}

export const serveCommand: Capability = {
  name: 'serve',
  summary: tx(
    'a local web dashboard: overview, monitor, DMARC, mail log, LAN, capture upload',
    'ローカルの Web ダッシュボード: 概要、監視、DMARC、メールログ、LAN、キャプチャのアップロード',
  ),
  actions: [
    {
      name: '',
      summary: tx(
        'Serve the dashboard until stopped (loopback only unless a token is given).',
        '停止されるまでダッシュボードを提供します（トークンを指定しない限りループバックのみ）。',
      ),
      usage:
        'netdoctor serve [--listen 127.0.0.1:8470] [--token T | --token-file F] [--db FILE|URL] [--mail-log FILE]… [--lan-inventory FILE] [--arp-state FILE] [--max-upload 2G]',
      description: tx(
        'Every page shows what a CLI command prints with --json (`dmarc summary`, `monitor status` and\n' +
          '`history`, `mail log`, `lan check`, `pcap summary`/`diagnose`), in English or Japanese (the browser\n' +
          'language, or the link at the top). Listening on an address other than loopback needs a token\n' +
          '(16 characters or more); the browser then logs in once and keeps a session cookie. Captures\n' +
          'are uploaded through the page and analysed as they arrive, never stored.',
        '各ページは CLI コマンドの --json と同じ内容（`dmarc summary`、`monitor status` と `history`、`mail log`、\n' +
          '`lan check`、`pcap summary`/`diagnose`）を、英語または日本語（ブラウザーの言語、または上部のリンク）で\n' +
          '表示します。ループバック以外のアドレスで待ち受けるにはトークン（16 文字以上）が必要です。ブラウザーは\n' +
          '一度ログインするとセッション Cookie を保ちます。キャプチャはページからアップロードし、届くそばから\n' +
          '解析します（保存はしません）。',
      ),
      examples: [
        'netdoctor serve',
        'netdoctor serve --mail-log /var/log/maillog --lan-inventory /etc/netdoctor/lan.yaml',
        'netdoctor serve --listen 192.0.2.10:8470 --token-file /etc/netdoctor/dashboard.token',
      ],
      options: {
        listen: {
          type: 'string',
          valueName: 'ADDR:PORT',
          description: tx('where to listen', '待ち受けるアドレスとポート'),
          defaultText: DEFAULT_LISTEN,
        },
        token: {
          type: 'string',
          valueName: 'T',
          description: tx(
            'the login token (needed off loopback; visible in ps: prefer --token-file)',
            'ログイン用トークン（ループバック以外では必須。ps で見えるため --token-file を推奨）',
          ),
        },
        'token-file': {
          type: 'string',
          valueName: 'FILE',
          description: tx('read the login token from FILE', 'ログイン用トークンを FILE から読む'),
        },
        ...DB_OPTION,
        'monitor-db': {
          type: 'string',
          valueName: 'FILE|URL',
          description: tx(
            "the monitor's history, when it is kept in another store than --db",
            '監視の履歴（--db とは別の保存先にある場合）',
          ),
          defaultText: '--db',
        },
        'mail-log': {
          type: 'string',
          multiple: true,
          valueName: 'FILE',
          description: tx(
            'a Postfix log to sum up on the mail page',
            'メールページで集計する Postfix のログ',
          ),
        },
        'lan-inventory': {
          type: 'string',
          valueName: 'FILE',
          description: tx('the LAN inventory (lan.yaml)', 'LAN のインベントリー（lan.yaml）'),
        },
        'arp-state': {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            "what `lan watch --state` keeps (arpwatch's arp.dat)",
            '`lan watch --state` が保存する内容（arpwatch の arp.dat）',
          ),
        },
        'max-upload': {
          type: 'string',
          valueName: 'SIZE',
          description: tx('largest capture upload (K, M, G)', 'キャプチャのアップロードの上限（K・M・G）'),
          defaultText: '2G',
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 0, max: 0 },
      async run(ctx) {
        const o = ctx.options;
        const listen = parseListen(typeof o.listen === 'string' ? o.listen : DEFAULT_LISTEN);
        const token = tokenFrom(o);
        const maxUpload =
          typeof o['max-upload'] === 'string' ? parseSize(o['max-upload'], 'max-upload') : DEFAULT_MAX_UPLOAD;
        const db = storeOf(ctx);
        const monitorDb = typeof o['monitor-db'] === 'string' ? o['monitor-db'] : db;
        const dashboard = await startDashboard({
          listen,
          ...(token !== undefined ? { token } : {}),
          maxUpload,
          log: stderrLine,
          sources: {
            db,
            ...(monitorDb ? { monitorDb } : {}),
            mailLogs: listOption(o, 'mail-log'),
            ...(typeof o['lan-inventory'] === 'string' ? { lanInventory: o['lan-inventory'] } : {}),
            ...(typeof o['arp-state'] === 'string' ? { arpState: o['arp-state'] } : {}),
            resolver: resolverFrom(o),
          },
        });
        stderrLine(
          ctx.lang === 'ja'
            ? `netdoctor serve: ${dashboard.url} で待ち受けています（ストア ${shownStore(db)}）`
            : `netdoctor serve: listening on ${dashboard.url} (store ${shownStore(db)})`,
        );
        await new Promise<void>((resolve) => {
          const onStop = () => {
            process.off('SIGTERM', onStop);
            process.off('SIGINT', onStop);
            resolve();
          };
          process.on('SIGTERM', onStop);
          process.on('SIGINT', onStop);
        });
        await dashboard.close();
        stderrLine(ctx.lang === 'ja' ? 'netdoctor serve: 停止しました' : 'netdoctor serve: stopped');
        return { findings: [], printed: true, exitStatus: 0 };
      },
    },
  ],
};
