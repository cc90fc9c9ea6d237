/**
 * The peer programs tests compare against (tshark, capinfos, tcpdump, nmap, dmarc-cat, procmail,
 * postfix, named …): found on the PATH or in the sbin folders, or named as missing with the Debian
 * package that brings it. A missing peer is a skip locally and a failure in CI (`missing.ts`).
 *
 * @example
 *   const skip = toolSkip('tshark', 'tshark');
 *   test('agrees with tshark', { skip }, …);
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { unavailable } from './missing.js';

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of `tool`, or undefined when no executable of that name is found. */
export function findTool(tool: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (tool.includes('/')) return executable(tool) ? tool : undefined;
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const p = path.join(dir, tool);
    if (executable(p)) return p;
  }
  return undefined;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why `tool` is missing (naming the Debian package), or undefined when it is installed. */
export function toolMissing(tool: string, debianPackage: string = tool): string | undefined {
  return findTool(tool)
    ? undefined
    : `peer tool ${tool} is not installed (Debian ${debianPackage}; bash scripts/install-peers.sh)`;
}

/**
 * The `skip` value for a test that needs every one of `tools` (`[name, debianPackage]` pairs or
 * names): false when all are installed; else the first missing one, a failure in CI.
 */
export function toolSkip(...tools: (string | [string, string])[]): string | false {
  for (const t of tools) {
    const [name, pkg] = typeof t === 'string' ? [t, t] : t;
    const why = toolMissing(name, pkg);
    if (why) return unavailable(why);
  }
  return false;
}
