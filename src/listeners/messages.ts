/** The listeners capability's message catalog, in English and Japanese. */
import { defineMessages } from '../core/i18n.js';

export const listenersMessages = defineMessages({
  'listeners.summary': {
    en: {
      title: '{count} listening socket(s): {exposed} reachable from the network, {loopback} on loopback only',
    },
    ja: {
      title:
        '待ち受けソケット {count} 個: ネットワークから届くもの {exposed} 個、ループバックのみ {loopback} 個',
    },
  },
  'listeners.exposed': {
    en: {
      title: '{protocol} {address} port {port} ({program}) listens on {scope}',
      detail: 'Anything that can reach this machine can reach this port, unless a firewall stops it.',
      fix: "If only this machine needs it, bind it to 127.0.0.1 / ::1 in the program's configuration; otherwise make sure the firewall allows only the clients that need it (firewall-cmd --list-all, nft list ruleset).",
    },
    ja: {
      title: '{protocol} {address} のポート {port} ({program}) が {scope} で待ち受けています',
      detail: 'ファイアウォールで止めない限り、このマシンに届く相手なら誰でもこのポートに届きます。',
      fix: 'このマシンだけが使うなら、プログラムの設定で 127.0.0.1 / ::1 に限定してください。そうでなければ、必要なクライアントだけをファイアウォールで許可してください (firewall-cmd --list-all、nft list ruleset)。',
    },
  },
  'listeners.unexpected': {
    en: {
      title:
        '{protocol} {address} port {port}: {program} (pid {pid}, user {user}) is listening but not in the allow-list',
      detail: 'Command line: {cmdline}',
      fix: 'Find out what it is (ps -fp {pid}; pstree -sp {pid}; ls -l /proc/{pid}/exe). If it belongs, add a line such as "{rule}" to {file}; if not, stop and disable it (systemctl disable --now <unit>) or remove the program.',
    },
    ja: {
      title:
        '{protocol} {address} のポート {port}: {program}（PID {pid}、ユーザー {user}）が許可リストにないのに待ち受けています',
      detail: 'コマンドライン: {cmdline}',
      fix: '正体を確認してください (ps -fp {pid}、pstree -sp {pid}、ls -l /proc/{pid}/exe)。必要なものなら {file} に「{rule}」のような行を追加し、不要なら停止して無効化する (systemctl disable --now <ユニット>) かプログラムを削除してください。',
    },
  },
  'listeners.allowed': {
    en: { title: 'every listening socket is in the allow-list {file} ({count} checked)' },
    ja: { title: '待ち受けソケットはすべて許可リスト {file} にあります ({count} 個を確認)' },
  },
  'listeners.owner-unknown': {
    en: {
      title: '{count} listening socket(s) whose process could not be identified',
      detail:
        'Their processes belong to other users (only root may look into their /proc/<pid>/fd) or run outside this PID namespace (another container, the host).',
      fix: 'Run again as root (sudo netdoctor listeners) to see every owner.',
    },
    ja: {
      title: 'プロセスを特定できない待ち受けソケットが {count} 個あります',
      detail:
        '他のユーザーのプロセス (その /proc/<pid>/fd を見られるのは root だけ) か、この PID 名前空間の外 (別のコンテナーやホスト) で動くプロセスです。',
      fix: 'root で再実行してください (sudo netdoctor listeners)。すべての所有者が表示されます。',
    },
  },
});
