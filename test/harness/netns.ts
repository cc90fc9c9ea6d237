/**
 * Network namespaces for tests that need a real link: each test creates its own namespaces and
 * veth pairs (names carry the test's pid, so parallel runs do not collide) and deletes them
 * afterwards. Traffic stays inside them. Where the kernel refuses (no root, no CAP_NET_ADMIN, a
 * container without netns), tests skip with the reason — except under CI=true, where they fail.
 *
 * @example
 *   const ns = await createNamespaces(['srv', 'cli']);
 *   await ns.veth('srv', 'eth0', '10.9.0.1/24', 'cli', 'eth0', undefined, '00:16:3e:00:00:0b');
 *   await ns.run('cli', ['ping', '-c1', '10.9.0.1']);
 *   await ns.destroy();
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why namespaces cannot be used here (undefined: they can). Under CI=true never a reason. */
export function netnsSkipReason(): string | false {
  const name = `ndprobe${process.pid}`;
  const r = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (r.status === 0) {
    spawnSync('ip', ['netns', 'del', name]);
    return false;
  }
  if (process.env.CI === 'true') return false;
  return `network namespaces are not available here (ip netns add: ${(r.stderr || r.error?.message || '').trim()})`;
}

/** Why a peer program is missing (undefined: present). Under CI=true never a reason: the test fails. */
export function peerSkipReason(programs: readonly string[], packages: string): string | false {
  const missing = programs.filter((p) => spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0);
  if (missing.length === 0 || process.env.CI === 'true') return false;
  return `${missing.join(', ')} not installed (Debian ${packages}; scripts/install-peers.sh)`;
}

let counter = 0;

export interface Namespaces {
  /** The real namespace name of a short name. */
  name(short: string): string;
  /** Runs argv inside a namespace. */
  run(
    short: string,
    argv: string[],
    options?: { timeout?: number },
  ): Promise<{ stdout: string; stderr: string }>;
  /** A veth pair between two namespaces, each end configured (address optional, MAC optional). */
  veth(
    a: string,
    aIf: string,
    aAddr: string | undefined,
    b: string,
    bIf: string,
    bAddr: string | undefined,
    bMac?: string,
  ): Promise<void>;
  destroy(): Promise<void>;
}

export async function createNamespaces(shorts: readonly string[]): Promise<Namespaces> {
  const id = `nd${process.pid}x${counter++}`;
  const names = new Map(shorts.map((s) => [s, `${id}${s}`]));
  const created: string[] = [];
  const name = (s: string) => {
    const n = names.get(s);
    if (!n) throw new Error(`no namespace ${s}`);
    return n;
  };
  try {
    for (const n of names.values()) {
      await run('ip', ['netns', 'add', n]);
      created.push(n);
      await run('ip', ['-n', n, 'link', 'set', 'lo', 'up']);
    }
  } catch (e) {
    for (const n of created) await run('ip', ['netns', 'del', n]).catch(() => {});
    throw e;
  }
  let vethNo = 0;
  return {
    name,
    run: (s, argv, options = {}) =>
      run('ip', ['netns', 'exec', name(s), ...argv], {
        timeout: options.timeout ?? 30_000,
        encoding: 'utf8',
      }),
    async veth(a, aIf, aAddr, b, bIf, bAddr, bMac) {
      const tmpA = `${id}v${vethNo}a`.slice(-15);
      const tmpB = `${id}v${vethNo++}b`.slice(-15);
      await run('ip', ['link', 'add', tmpA, 'type', 'veth', 'peer', 'name', tmpB]);
      await run('ip', ['link', 'set', tmpA, 'netns', name(a)]);
      await run('ip', ['link', 'set', tmpB, 'netns', name(b)]);
      await run('ip', ['-n', name(a), 'link', 'set', tmpA, 'name', aIf]);
      await run('ip', ['-n', name(b), 'link', 'set', tmpB, 'name', bIf]);
      if (bMac) await run('ip', ['-n', name(b), 'link', 'set', bIf, 'address', bMac]);
      if (aAddr) await run('ip', ['-n', name(a), 'addr', 'add', aAddr, 'dev', aIf]);
      if (bAddr) await run('ip', ['-n', name(b), 'addr', 'add', bAddr, 'dev', bIf]);
      await run('ip', ['-n', name(a), 'link', 'set', aIf, 'up']);
      await run('ip', ['-n', name(b), 'link', 'set', bIf, 'up']);
    },
    async destroy() {
      for (const n of created) await run('ip', ['netns', 'del', n]).catch(() => {});
    },
  };
}
