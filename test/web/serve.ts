/**
 * The dashboard's test rig: a store filled the way a user fills it (DMARC reports from the corpus
 * through the real `dmarc ingest`, monitor history from a real `monitor once` against a local TCP
 * server and a closed port), and the built `netdoctor serve` started on a free loopback port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arpFrame, pcapOf } from '../harness/arp-pcap.js';
import { runCliCaptured } from '../harness/cli.js';
import { corpusDir } from '../harness/corpus.js';
import { unavailable } from '../harness/missing.js';
import { freePort } from '../harness/ports.js';

export const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function distSkip(): string | false {
  return existsSync(BIN) ? false : unavailable('dist/ not built (npm run build)');
}

export interface Store {
  tmp: string;
  db: string;
  monitorYaml: string;
  mailLog: string;
  inventory: string;
  arpState: string;
  /** The listener the monitor's `up` check connects to. */
  listener: net.Server;
  cleanup(): Promise<void>;
}

/** Runs the CLI in-process with --json and returns the parsed document. */
export async function cliJson(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCliCaptured([...args, '--json']);
  if (r.status === 2) throw new Error(`netdoctor ${args.join(' ')}: exit 2\n${r.err}`);
  return JSON.parse(r.out) as Record<string, unknown>;
}

export async function fillStore(): Promise<Store> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nd-web-'));
  const db = path.join(tmp, 'netdoctor.db');
  const reports = corpusDir('parsedmarc-samples');
  if (!reports) throw new Error('corpus parsedmarc-samples missing');
  const ingest = await runCliCaptured([
    'dmarc',
    'ingest',
    path.join(reports, 'aggregate'),
    '--db',
    db,
    '--json',
  ]);
  if (ingest.status === 2) throw new Error(`dmarc ingest failed: ${ingest.err}`);
  // Both what the `up` check connects to and the webhook the monitor's notifier posts to.
  const listener = http.createServer((q, r) => {
    q.resume();
    q.on('end', () => r.end('ok'));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const upPort = (listener.address() as net.AddressInfo).port;
  const closedPort = await freePort();
  const monitorYaml = path.join(tmp, 'monitor.yaml');
  writeFileSync(
    monitorYaml,
    `notifiers:\n  - { name: chat, type: slack, url: "http://127.0.0.1:${upPort}/hook" }\nchecks:\n  - { name: web-up, kind: tcp, target: "127.0.0.1:${upPort}", interval: 1m }\n  - { name: web-gone, kind: tcp, target: "127.0.0.1:${closedPort}", interval: 1m, retries: 0 }\n`,
  );
  for (let i = 0; i < 2; i++) {
    const once = await runCliCaptured(['monitor', 'once', monitorYaml, '--db', db, '--json']);
    if (once.status === 2) throw new Error(`monitor once failed: ${once.err}`);
  }
  const mailLog = path.join(FIXTURES, 'maillog', 'maillog');
  const inventory = path.join(FIXTURES, 'lan', 'office.yaml');
  const arpState = path.join(tmp, 'arp.dat');
  // What `lan watch --state` keeps: one device of the inventory and one stranger.
  const inv = readFileSync(inventory, 'utf8');
  const known = /mac: ([0-9a-f:]{17})/i.exec(inv)?.[1] ?? '00:16:3e:77:00:01';
  const now = Math.floor(Date.now() / 1000);
  writeFileSync(
    arpState,
    `${known.toLowerCase()}\t10.77.0.1\t${now - 60}\tgw\teth0\n02:aa:bb:cc:dd:ee\t10.77.0.150\t${now - 30}\tstranger\teth0\n`,
  );
  // ARP events in the store, as `lan watch --db` keeps them (a MAC change and a newcomer).
  const watched = await runCliCaptured(['lan', 'watch', '-', '--db', db, '--site', 'office', '--quiet'], {
    stdin: pcapOf(
      [
        arpFrame(1, '00:16:3e:77:00:14', '10.77.0.20', '10.77.0.1'),
        arpFrame(1, '00:16:3e:77:0a:0a', '10.77.0.20', '10.77.0.1'),
        arpFrame(1, '00:16:3e:77:00:99', '10.77.0.60', '10.77.0.1'),
      ].map((data, i) => ({ t: now - 600 + 30 * i, data })),
    ),
  });
  if (watched.status === 2) throw new Error(`lan watch failed: ${watched.err}`);
  return {
    tmp,
    db,
    monitorYaml,
    mailLog,
    inventory,
    arpState,
    listener,
    cleanup: async () => {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface Served {
  url: string;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** Starts the built `netdoctor serve` with `args` on a free loopback port; resolves once it listens. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LANG: 'C', ...env },
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 20_000);
    const poll = setInterval(() => {
      if (log.includes('listening on')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 25);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}:\n${log}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The resident set of a process, bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
