/**
 * Runs a command with an argument vector — never a shell, so nothing in a notification can become
 * a command. The notification goes to its stdin as JSON and in NETDOCTOR_* environment variables.
 */
import { spawn } from 'node:child_process';
import type { Notifier } from './types.js';

export const execNotifier: Notifier = {
  type: 'exec',
  validate: (s) =>
    Array.isArray(s.argv) && s.argv.length > 0 && s.argv.every((a) => typeof a === 'string')
      ? undefined
      : {
          en: 'argv: a list of strings (the program and its arguments)',
          ja: 'argv: 文字列のリスト（プログラムと引数）が必要です',
        },
  send(n, s, signal) {
    const [program, ...args] = s.argv as string[];
    return new Promise((resolve, reject) => {
      const child = spawn(program as string, args, {
        signal,
        stdio: ['pipe', 'ignore', 'ignore'],
        env: {
          PATH: '/usr/local/bin:/usr/bin:/bin',
          NETDOCTOR_CHECK: n.check,
          NETDOCTOR_EVENT: n.event,
          NETDOCTOR_STATUS: n.status,
          NETDOCTOR_TITLE: n.title,
        },
      });
      child.on('error', reject);
      child.stdin.on('error', () => {});
      child.stdin.end(JSON.stringify(n));
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${program} exited with ${code}`)),
      );
    });
  },
};
