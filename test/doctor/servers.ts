/**
 * The site of the doctor tests, all on loopback (127.0.0.0/8, which Linux routes to `lo` whole):
 * the parent BIND (127.0.0.1, zone test.) delegating doctor-good.test and doctor-broken.test to
 * the child BIND (127.0.0.1 on another port: both zones and 19.127.in-addr.arpa; named listens
 * only on interface addresses, so both are on 127.0.0.1 and no namespace is needed); a real Postfix
 * with STARTTLS as the healthy domain's MX (127.19.0.25); web servers on one HTTP and one HTTPS
 * port at 127.19.0.80 (healthy: a certificate from the test CA, no version in its headers) and
 * 127.19.1.80 (broken: `Server: Apache/2.4.1 (Unix)` and a self-signed certificate). Nothing
 * listens on the broken domain's MX (127.19.1.25). A store holds DMARC reports and monitor results.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestDmarc } from '../../src/dmarc/index.js';
import { openMonitorHistory } from '../../src/monitor/index.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { freePort } from '../harness/ports.js';
import { type PostfixServer, startPostfix } from '../harness/postfix.js';
import { DAY, makePki, type TestPki } from '../scan/tls-certs.js';

/** What the broken web server says in X-Powered-By (markup, to test the HTML's escaping). */
export const BROKEN_POWERED_BY = 'PHP/5.4.0 <img src=x onerror=alert(1)>';

const FIXTURES = fileURLToPath(new URL('../fixtures/doctor/', import.meta.url));

export interface DoctorSite {
  dnsPort: number;
  /** `--server` for the CLI: the child BIND. */
  server: string;
  /** `--parent`. */
  parent: string;
  smtpPort: number;
  httpPort: number;
  httpsPort: number;
  caFile: string;
  /** The store (SQLite) with DMARC reports for both domains and two monitor checks. */
  db: string;
  dir: string;
  postfix: PostfixServer;
  stop(): Promise<void>;
}

function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A DMARC aggregate report for `domain` from yesterday: `pass` messages pass, `fail` do not. */
function aggregateXml(
  domain: string,
  id: string,
  source: string,
  pass: number,
  fail: number,
  now: number,
): string {
  const begin = Math.floor(now / 1000) - 2 * 86_400;
  const row = (ip: string, count: number, result: 'pass' | 'fail') => `
  <record>
    <row><source_ip>${ip}</source_ip><count>${count}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${result}</dkim><spf>${result}</spf></policy_evaluated></row>
    <identifiers><header_from>${domain}</header_from></identifiers>
    <auth_results><spf><domain>${domain}</domain><result>${result}</result></spf></auth_results>
  </record>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>reporter.example</org_name><email>noreply@reporter.example</email>
    <report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata>
  <policy_published><domain>${domain}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><pct>100</pct></policy_published>
  ${pass ? row('127.19.0.25', pass, 'pass') : ''}${fail ? row(source, fail, 'fail') : ''}
</feedback>
`;
}

async function fillStore(db: string, dir: string): Promise<void> {
  const now = Date.now();
  const good = path.join(dir, 'good.xml');
  const broken = path.join(dir, 'broken.xml');
  writeFileSync(good, aggregateXml('doctor-good.test', 'good-1', '127.19.0.25', 240, 0, now));
  writeFileSync(broken, aggregateXml('doctor-broken.test', 'broken-1', '203.0.113.7', 0, 57, now));
  const r = await ingestDmarc([good, broken], { db });
  if (r.stored !== 2) throw new Error(`DMARC reports not stored: ${JSON.stringify(r.findings)}`);
  const monitor = openMonitorHistory(db);
  try {
    await monitor.save([
      {
        check: 'web-broken',
        ts: now - 120_000,
        state: 'critical',
        durationMs: 3,
        finding: 'monitor.connect.refused',
      },
      { check: 'mx-good', ts: now - 60_000, state: 'ok', durationMs: 41, finding: 'monitor.smtp.ok' },
    ]);
    await monitor.saveState('web-broken', JSON.stringify({ status: 'DOWN' }));
  } finally {
    await monitor.close();
  }
}

export async function startDoctorSite(): Promise<DoctorSite> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-doctor-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  let pki: TestPki | undefined;
  try {
    pki = makePki();
    stops.push(async () => pki?.cleanup());
    const child: BindServer = await startBind({
      zones: ['doctor-good.test', 'doctor-broken.test', '19.127.in-addr.arpa'].map((zone) => ({
        zone,
        file: path.join(FIXTURES, `${zone}.db`),
      })),
    });
    stops.push(() => child.stop());
    const parent = await startBind({
      zones: [{ zone: 'test', file: path.join(FIXTURES, 'test.db') }],
    });
    stops.push(() => parent.stop());

    const now = Date.now();
    const mxCert = pki.issue(['mx.doctor-good.test'], new Date(now - DAY), new Date(now + 90 * DAY));
    const postfix = await startPostfix({ host: '127.19.0.25', hostname: 'mx.doctor-good.test', tls: mxCert });
    stops.push(() => postfix.stop());

    const httpPort = await freePort();
    const httpsPort = await freePort();
    const goodCert = pki.issue(
      ['doctor-good.test', 'www.doctor-good.test'],
      new Date(now - DAY),
      new Date(now + 60 * DAY),
    );
    const brokenCert = pki.selfSigned(['www.doctor-broken.test'], 10);
    const page =
      (headers: Record<string, string>) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<h1>hello</h1>\n');
      };
    // The broken site's PHP header carries markup: the HTML report must show it as text.
    const leaky = { server: 'Apache/2.4.1 (Unix)', 'x-powered-by': BROKEN_POWERED_BY };
    const servers = [
      [http.createServer(page({ server: 'Apache' })), '127.19.0.80', httpPort],
      [https.createServer(goodCert, page({ server: 'Apache' })), '127.19.0.80', httpsPort],
      [http.createServer(page(leaky)), '127.19.1.80', httpPort],
      [https.createServer(brokenCert, page(leaky)), '127.19.1.80', httpsPort],
    ] as const;
    for (const [s, host, port] of servers) {
      await listen(s, host, port);
      stops.push(() => close(s));
    }

    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, pki.ca.cert);
    const db = path.join(dir, 'netdoctor.db');
    await fillStore(db, dir);
    return {
      dnsPort: child.port,
      server: child.address,
      parent: parent.address,
      smtpPort: postfix.port,
      httpPort,
      httpsPort,
      caFile,
      db,
      dir,
      postfix,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
