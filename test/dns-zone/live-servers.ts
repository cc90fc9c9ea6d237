/**
 * The BIND servers of the live zone tests, all on one port inside the test's network namespace:
 * the root and parent (127.0.0.9, zones `.` and `test.`), the primary (127.0.0.1: live.test. and
 * its reverse zone), a secondary (127.0.0.2), a secondary left stale (127.0.0.3: started before the
 * primary's serial was raised), a secondary with open recursion (127.0.0.4, forwarding only to
 * 127.0.0.9 so nothing leaves loopback), and ns5 (127.0.0.5) where nothing listens.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask } from '../../src/dns/zone/live/client.js';
import { type BindServer, startBind } from '../harness/bind.js';

export const LIVE_FIXTURES = fileURLToPath(new URL('../fixtures/zone-live/', import.meta.url));
export const LIVE_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.9'];
export const ORIGINAL_ZONE = readFileSync(path.join(LIVE_FIXTURES, 'live.test.db'), 'utf8');
export const withSerial = (text: string, serial: number) => text.replace('2026120601', String(serial));

export interface LiveServers {
  port: number;
  dir: string;
  /** The primary's zone file (serial 2026120602 after start-up). */
  liveFile: string;
  servers: BindServer[];
  stop(): Promise<void>;
}

async function waitSerial(host: string, port: number, serial: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const r = await ask({ host, port }, 'live.test.', 'SOA', { timeoutMs: 500 });
      if (r.answers.some((a) => a.type === 'SOA' && a.rdata.split(' ')[2] === String(serial))) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${host} did not serve serial ${serial}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startLiveServers(port: number): Promise<LiveServers> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nd-live-'));
  const liveFile = path.join(dir, 'live.test.db');
  copyFileSync(path.join(LIVE_FIXTURES, 'live.test.db'), liveFile);
  const servers: BindServer[] = [];
  const stop = async () => {
    for (const s of servers) await s.stop();
  };
  try {
    const primary = '127.0.0.1';
    servers.push(
      await startBind({
        host: '127.0.0.9',
        port,
        zones: [
          { zone: 'test', file: path.join(LIVE_FIXTURES, 'test.db') },
          { zone: '.', file: path.join(LIVE_FIXTURES, 'root.db') },
        ],
      }),
    );
    const main = await startBind({
      host: primary,
      port,
      allowTransfer: true,
      zones: [
        { zone: 'live.test', file: liveFile },
        { zone: '0.0.127.in-addr.arpa', file: path.join(LIVE_FIXTURES, '0.0.127.in-addr.arpa.db') },
      ],
    });
    servers.push(main);
    servers.push(
      await startBind({
        host: '127.0.0.3',
        port,
        zones: [{ zone: 'live.test', primary: `${primary}:${port}` }],
      }),
    );
    // The edit the stale secondary never sees: a new record and serial 2026120602.
    writeFileSync(liveFile, `${withSerial(ORIGINAL_ZONE, 2026120602)}new     IN A    127.0.0.81\n`);
    main.reload();
    await waitSerial(primary, port, 2026120602);
    servers.push(
      await startBind({
        host: '127.0.0.2',
        port,
        zones: [{ zone: 'live.test', primary: `${primary}:${port}` }],
      }),
      await startBind({
        host: '127.0.0.4',
        port,
        recursionVia: `127.0.0.9:${port}`,
        zones: [{ zone: 'live.test', primary: `${primary}:${port}` }],
      }),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, dir, liveFile, servers, stop };
}
