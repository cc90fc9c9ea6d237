/**
 * Runs a test file again inside a network namespace of its own (`unshare -rn`), with loopback up
 * and extra 127.0.0.x addresses on it, so several real servers (BIND primary, secondaries …) can
 * each have their own address on one port — without touching the host's interfaces. Traffic
 * cannot leave the namespace.
 *
 * @example
 *   if (!insideNetns()) { rerunInNetns(import.meta.url, ['127.0.0.2', '127.0.0.3']); } else { …tests… }
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function insideNetns(): boolean {
  return process.env.NETDOCTOR_NETNS === '1';
}

/** Why a namespace cannot be made here, or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (!existsSync('/usr/bin/unshare') || !['/usr/sbin/ip', '/usr/bin/ip', '/sbin/ip'].some(existsSync)) {
    return 'unshare (util-linux) or ip (iproute2) is missing';
  }
  const r = spawnSync('/usr/bin/unshare', ['-rn', 'true']);
  return r.status === 0 ? undefined : `cannot create a network namespace: ${r.stderr.toString().trim()}`;
}

/** The environment for the inner run: marked as inside, and not as a child of this test run. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NETDOCTOR_NETNS: '1' };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Registers one test that runs `fileUrl` inside a fresh namespace and passes when its tests pass. */
export function rerunInNetns(fileUrl: string, addresses: string[], timeoutMs = 240_000): void {
  const why = netnsUnavailable();
  const file = path.relative(REPO, fileURLToPath(fileUrl));
  test(`${file} (in a network namespace)`, {
    skip: why && !process.env.CI ? why : false,
    timeout: timeoutMs,
  }, () => {
    assert.equal(why, undefined, why);
    const setup = ['ip link set lo up', ...addresses.map((a) => `ip addr add ${a}/8 dev lo`)].join(' && ');
    const r = spawnSync(
      '/usr/bin/unshare',
      ['-rn', 'sh', '-c', `${setup} && exec "$0" scripts/run-tests.mjs "$1"`, process.execPath, file],
      { cwd: REPO, env: childEnv(), encoding: 'utf8', timeout: timeoutMs },
    );
    const out = `${r.stdout}\n${r.stderr}`;
    if (r.status !== 0) console.log(out);
    assert.equal(r.status, 0, `tests inside the namespace failed:\n${out.slice(-4000)}`);
    const summary = /ℹ pass (\d+)[\s\S]*?ℹ fail (\d+)/.exec(out);
    assert.ok(summary && Number(summary[1]) > 0 && summary[2] === '0', out.slice(-2000));
  });
}
