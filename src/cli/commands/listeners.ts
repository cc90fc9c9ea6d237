/** `netdoctor listeners`: this machine's listening sockets and the processes behind them. */
import { readFileSync } from 'node:fs';
import { NetdoctorError } from '../../core/errors.js';
import { readFailureReason } from '../../core/input.js';
import { type Listener, listListeners, type Protocol, parseAllowList } from '../../listeners/index.js';
import type { Capability } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { table } from '../render/table.js';

function endpoint(l: Listener): string {
  return `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
}

/** Who can connect, in the admin's words: `all` is every interface, `loopback` this machine. */
const SCOPE_JA: Record<string, string> = { all: '全インターフェース', loopback: 'ループバック' };

export const listenersCommand: Capability = {
  name: 'listeners',
  summary: tx(
    'local listening TCP/UDP sockets with their processes; compare with an allow-list',
    'このマシンで待ち受けている TCP/UDP ソケットとそのプロセスを表示し、許可リストと照合する',
  ),
  actions: [
    {
      name: '',
      summary: tx(
        'List listening sockets (TCP and UDP, IPv4 and IPv6) with pid, program, user and command line.',
        '待ち受け中のソケット（TCP と UDP、IPv4 と IPv6）を、PID・プログラム・ユーザー・コマンドライン付きで一覧します。',
      ),
      usage: 'netdoctor listeners [--tcp] [--udp] [--exposed] [--allow FILE]',
      description: tx(
        'Read from /proc like `ss -ltnup`. SCOPE says who can connect: "all" (0.0.0.0 or ::, every\n' +
          'interface), "loopback" (this machine only) or one address. Run as root to see the processes of\n' +
          'other users. --allow FILE reports every listener that no line of FILE admits, e.g.:\n' +
          '  tcp/22 sshd\n  tcp/25 master\n  udp/53 named\n  tcp/127.0.0.1:5432 postgres\n  tcp/8000-8100 *',
        '`ss -ltnup` と同じく /proc から読みます。「公開範囲」は誰が接続できるかを表します: 「全インターフェース」\n' +
          '（0.0.0.0 または ::）、「ループバック」（このマシンからのみ）、または特定のアドレス。ほかのユーザーの\n' +
          'プロセスも見るには root で実行してください。--allow FILE を指定すると、FILE のどの行にも当てはまらない\n' +
          '待ち受けを報告します。FILE の例:\n' +
          '  tcp/22 sshd\n  tcp/25 master\n  udp/53 named\n  tcp/127.0.0.1:5432 postgres\n  tcp/8000-8100 *',
      ),
      examples: [
        'netdoctor listeners',
        'netdoctor listeners --tcp --exposed',
        'netdoctor listeners --allow /etc/netdoctor/listeners.allow',
        'netdoctor listeners --json',
      ],
      options: {
        tcp: { type: 'boolean', description: tx('TCP only', 'TCP のみ') },
        udp: { type: 'boolean', description: tx('UDP only', 'UDP のみ') },
        exposed: {
          type: 'boolean',
          description: tx(
            'only sockets the network can reach (not loopback)',
            'ネットワークから届くソケットだけ（ループバックを除く）',
          ),
        },
        allow: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'report listeners that FILE does not allow',
            'FILE で許可されていない待ち受けを報告する',
          ),
        },
      },
      positionals: { min: 0, max: 0 },
      async run({ options, lang }) {
        const ja = lang === 'ja';
        const tcp = options.tcp === true;
        const udp = options.udp === true;
        const protocols: Protocol[] = [
          ...(tcp || !udp ? (['tcp', 'tcp6'] as const) : []),
          ...(udp || !tcp ? (['udp', 'udp6'] as const) : []),
        ];
        let allow: { file: string; rules: ReturnType<typeof parseAllowList> } | undefined;
        if (typeof options.allow === 'string') {
          let text: string;
          try {
            text = readFileSync(options.allow, 'utf8');
          } catch (e) {
            throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.cannotReadFile, {
              input: options.allow,
              cause: e,
              params: { what: tx('the allow-list', '許可リスト'), why: readFailureReason(e) },
            });
          }
          allow = { file: options.allow, rules: parseAllowList(text, options.allow) };
        }
        const r = listListeners({ protocols, ...(allow ? { allow } : {}) });
        const shown =
          options.exposed === true ? r.listeners.filter((l) => l.scope !== 'loopback') : r.listeners;
        const rows = shown.map((l) => {
          const p = l.processes[0];
          const more = l.processes.length > 1 ? ` (+${l.processes.length - 1})` : '';
          return [
            l.protocol,
            endpoint(l),
            ja ? (SCOPE_JA[l.scope] ?? l.scope) : l.scope,
            p ? String(p.pid) : '-',
            p ? `${p.name}${more}` : '?',
            p?.user ?? String(l.uid),
            ...(allow ? [l.allowedBy ? (ja ? '許可' : 'allowed') : ja ? '想定外' : 'UNEXPECTED'] : []),
            (p?.cmdline ?? '').slice(0, 80),
          ];
        });
        const header = ja
          ? [
              'プロトコル',
              'ローカル',
              '公開範囲',
              'PID',
              'プログラム',
              'ユーザー',
              ...(allow ? ['許可'] : []),
              'コマンド',
            ]
          : ['PROTO', 'LOCAL', 'SCOPE', 'PID', 'PROGRAM', 'USER', ...(allow ? ['ALLOW'] : []), 'COMMAND'];
        return {
          findings: r.findings,
          data: { listeners: shown },
          text: rows.length
            ? table(rows, { header, right: [3] })
            : ja
              ? '（待ち受け中のソケットはありません）'
              : '(no listening sockets)',
        };
      },
    },
  ],
};
