/**
 * libmodsecurity 3 (Debian `libmodsecurity3`, headers in `libmodsecurity-dev`) driven by a tiny
 * connector (`modsec3-driver.c`, compiled here with the system's C compiler) for the WAF tests:
 * the v3 engine writes its own audit logs (native and JSON, Serial and Parallel) for requests the
 * test chooses, and its server-log lines — what nginx's error log holds — come back on stderr.
 *
 * @example
 *   const ms = await buildModsec3();
 *   const r = await ms.run(rulesFile, [{ ip: '127.0.0.1', method: 'GET', uri: '/?q=1', ua: 'x' }]);
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unavailable } from './missing.js';
import { findTool } from './peers.js';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./modsec3-driver.c', import.meta.url));

export function modsec3Skip(): string | false {
  if (!findTool('cc') && !findTool('gcc'))
    return unavailable('no C compiler to build the libmodsecurity test connector (Debian gcc)');
  if (!existsSync('/usr/include/modsecurity/modsecurity.h'))
    return unavailable(
      'libmodsecurity 3 is not installed (Debian libmodsecurity-dev; bash scripts/install-peers.sh)',
    );
  return false;
}

export interface Modsec3Request {
  ip: string;
  method: string;
  uri: string;
  ua: string;
  body?: string;
  host?: string;
}

export interface Modsec3 {
  dir: string;
  /** Runs the requests through one engine loaded with `rules`; statuses and the server-log lines. */
  run(
    rules: string,
    requests: readonly Modsec3Request[],
  ): Promise<{ statuses: number[]; serverLog: string[] }>;
  remove(): void;
}

export async function buildModsec3(): Promise<Modsec3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-modsec3-'));
  const binary = path.join(dir, 'driver');
  const cc = findTool('cc') ?? (findTool('gcc') as string);
  await run(cc, ['-O1', '-o', binary, SOURCE, '-lmodsecurity'], { timeout: 60_000 });
  let n = 0;
  return {
    dir,
    async run(rules, requests) {
      const k = n++;
      const rulesFile = path.join(dir, `rules-${k}.conf`);
      const reqFile = path.join(dir, `requests-${k}.tsv`);
      writeFileSync(rulesFile, rules);
      const lines = requests.map((r) =>
        [r.ip, r.method, r.uri, r.ua, r.body ?? '-', r.host ?? 'localhost'].join('\t'),
      );
      writeFileSync(reqFile, `${lines.join('\n')}\n`);
      const out = await run(binary, [rulesFile, reqFile], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      return {
        statuses: out.stdout.trim().split('\n').filter(Boolean).map(Number),
        serverLog: out.stderr.split('\n').filter(Boolean),
      };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
