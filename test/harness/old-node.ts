/**
 * A `node` older than netdoctor supports (the system's Node.js 20 on Debian 12/13), with its `npm`
 * beside it, for the tests of what happens on such a machine. Never one from `.runtime/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Whether a Node.js version (`22.19.0`) is one netdoctor supports (package.json `engines`). */
export function supportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 24 || (major === 22 && minor >= 19);
}

export function oldNode(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir || dir.includes('.runtime')) continue;
    const node = path.join(dir, 'node');
    if (!existsSync(node) || !existsSync(path.join(dir, 'npm'))) continue;
    const v = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (v && !supportedNode(v)) return node;
  }
  return undefined;
}

export const NO_OLD_NODE = 'no Node.js older than 22.19 with npm beside it on this machine';
