/**
 * A real browser for the tests: Debian's `chromium` (installed by scripts/install-peers.sh),
 * driven by `playwright-core`, which never downloads a browser of its own. Every test that needs
 * one asks `chromiumSkip()` first: locally a missing Chromium is a skip with its reason, with
 * `CI=true` a failure (see ./missing.ts).
 *
 * The browser runs headless without GPU, background networking, sync or component updates, so it
 * talks to nothing but the loopback server the test points it at (the network rule).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { unavailable } from './missing.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

/** The Chromium binary: `NETDOCTOR_CHROMIUM` if set, else Debian's. */
export function chromiumPath(): string | undefined {
  const own = process.env.NETDOCTOR_CHROMIUM;
  if (own) return existsSync(own) ? own : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** `false` when Chromium is there, else the skip/fail reason. */
export function chromiumSkip(): string | false {
  return chromiumPath() ? false : unavailable('chromium (Debian package chromium) not installed');
}

/** Flags that keep the browser local, quiet and able to run as root in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--dns-prefetch-disable',
];

/** Starts Debian's Chromium; close it with `browser.close()` in the test's `after`. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium not installed (apt-get install chromium)');
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** Where screenshots are kept as test artifacts: `NETDOCTOR_ARTIFACTS` or `test-artifacts/`. */
export function artifactDir(sub: string): string {
  const dir = join(process.env.NETDOCTOR_ARTIFACTS ?? 'test-artifacts', sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}
