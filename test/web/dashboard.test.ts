/**
 * `netdoctor serve` in a real browser (Debian's Chromium through playwright-core): a store filled
 * by the real ingest and a real `monitor once`, the built CLI serving it on a free loopback port,
 * every page visited, its numbers compared with the CLI's `--json`, screenshots kept as artifacts,
 * axe-core with no serious or critical violation, the Japanese pages, a phone's width, and the
 * navigation by keyboard alone. Chromium and the server start once for the file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactDir, chromiumSkip, launchChromium } from '../harness/chromium.js';
import { corpusDir, corpusSkip } from '../harness/corpus.js';
import { cliJson, distSkip, fillStore, type Served, type Store, startServe } from './serve.js';

// What the functions given to page.evaluate see in the browser (the project has no DOM types).
declare const document: {
  documentElement: { scrollWidth: number };
  activeElement: { getAttribute(name: string): string | null } | null;
};
declare const window: { innerWidth: number };

const skip = chromiumSkip() || distSkip() || corpusSkip('parsedmarc-samples') || corpusSkip('wireshark');
const AXE = readFileSync(
  fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)),
  'utf8',
);
const DEAD_DNS = ['--server', '127.0.0.1:1', '--timeout', '0.2', '--retries', '0'];
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (part: number, total: number) => (total ? `${((100 * part) / total).toFixed(1)}%` : '-');

type Row = string[];
async function rows(page: Page, id: string): Promise<Row[]> {
  return page.$$eval(`#${id} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

describe('netdoctor serve in Chromium', { skip }, () => {
  let store: Store;
  let srv: Served;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shots = skip ? '' : artifactDir('web');
  const consoleErrors: string[] = [];
  const capture = path.join(corpusDir('wireshark') ?? '', 'challenge01_ooo_stream.pcapng.gz');

  before(async () => {
    store = await fillStore();
    srv = await startServe([
      '--db',
      store.db,
      '--mail-log',
      store.mailLog,
      '--lan-inventory',
      store.inventory,
      '--arp-state',
      store.arpState,
      '--max-upload',
      '64M',
      // PTR names and the doctor's DNS: asked of a dead loopback server, quickly given up.
      ...DEAD_DNS,
    ]);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    await srv?.stop();
    await store?.cleanup();
  });

  /** Opens a page, checks it answered 200 with the security headers, screenshots it, runs axe. */
  async function visit(p: Page, where: string, shot: string): Promise<void> {
    const r = await p.goto(srv.url + where);
    assert.equal(r?.status(), 200, `${where}: ${r?.status()}`);
    const h = r?.headers() ?? {};
    assert.match(h['content-security-policy'] ?? '', /default-src 'none'/);
    assert.match(h['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(h['x-content-type-options'], 'nosniff');
    await p.screenshot({ path: path.join(shots, `${shot}.png`), fullPage: true });
    // axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
    await p.evaluate(AXE);
    const violations = (await p.evaluate(() =>
      (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }).axe
        .run({ resultTypes: ['violations'] })
        .then((r) => r.violations),
    )) as { id: string; impact: string; nodes: { target: string[] }[] }[];
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${where}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(bad, []);
  }

  it('overview: every concern, with the counts of the libraries the CLI prints', async () => {
    await visit(page, '/', 'overview');
    const cards = await page.$$eval('.card', (cs) => cs.map((c) => c.getAttribute('data-concern')));
    assert.deepEqual(cards, ['monitor', 'dmarc', 'mail', 'lan']);
    const count = (concern: string, sev: string) =>
      page.$eval(`.card[data-concern=${concern}] [data-count=${sev}]`, (e) => Number(e.textContent));
    const status = (await cliJson(['monitor', 'status', '--db', store.db])).checks as { state: string }[];
    assert.equal(await count('monitor', 'fail'), status.filter((c) => c.state === 'critical').length);
    assert.equal(await count('monitor', 'ok'), status.filter((c) => c.state === 'ok').length);
    const mail = (await cliJson(['mail', 'log', store.mailLog])).findings as { severity: string }[];
    for (const sev of ['fail', 'warn', 'info', 'ok'])
      assert.equal(await count('mail', sev), mail.filter((f) => f.severity === sev).length, `mail ${sev}`);
  });

  it('monitor: the states of `monitor status --json`, the availability of `monitor history --json`, the notifications of `monitor notifications --json`', async () => {
    await visit(page, '/monitor', 'monitor');
    const status = (await cliJson(['monitor', 'status', '--db', store.db])).checks as {
      check: string;
      status: string;
      state: string;
      finding: string;
    }[];
    const seen = await rows(page, 'monitor-status');
    assert.deepEqual(
      seen.map((r) => [r[0], r[1], r[2], r[5]]),
      status.map((c) => [c.check, c.status, c.state.toUpperCase(), c.finding]),
    );
    assert.ok(seen.some((r) => r[2] === 'CRITICAL') && seen.some((r) => r[2] === 'OK'));
    const hist = (await cliJson(['monitor', 'history', '--db', store.db, '--since', '7d'])).checks as {
      check: string;
      results: number;
      availability: number;
    }[];
    const avail = await rows(page, 'monitor-availability');
    assert.deepEqual(
      avail.map((r) => [r[0], r[1], r[2]]),
      hist.map((c) => [c.check, String(c.results), `${(c.availability * 100).toFixed(2)}%`]),
    );
    assert.equal((await page.locator('figure svg[role=img] rect').count()) > 0, true, 'history chart drawn');
    // Recent notifications: `monitor notifications --json` over the page's span, row for row.
    const notes = (
      await cliJson(['monitor', 'notifications', '--db', store.db, '--since', '7d', '--limit', '50'])
    ).notifications as {
      ts: number;
      check: string;
      status: string;
      notifier: string;
      outcome: string;
      title: string;
    }[];
    assert.ok(
      notes.some((n) => n.check === 'web-gone' && n.status === 'DOWN' && n.outcome === 'sent'),
      'the DOWN of web-gone was delivered and kept',
    );
    assert.deepEqual(
      await rows(page, 'monitor-notifications'),
      notes.map((n) => [new Date(n.ts).toISOString(), n.check, n.status, n.notifier, n.outcome, n.title]),
    );
  });

  it('DMARC: per-domain figures of `dmarc summary --json`, reporters of `dmarc reporters --json`, failing sources, the pass-rate chart', async () => {
    await visit(page, '/dmarc', 'dmarc');
    const s = await cliJson(['dmarc', 'summary', '--db', store.db]);
    const domains = s.domains as {
      domain: string;
      reports: number;
      messages: number;
      dmarcPass: number;
      dkimPass: number;
      spfPass: number;
    }[];
    assert.ok(domains.length >= 3, 'the corpus reports were ingested');
    assert.deepEqual(
      await rows(page, 'dmarc-domains'),
      domains.map((d) => [
        d.domain,
        String(d.reports),
        String(d.messages),
        pct(d.dmarcPass, d.messages),
        pct(d.dkimPass, d.messages),
        pct(d.spfPass, d.messages),
      ]),
    );
    // The reporter table is `dmarc reporters --json`, row for row.
    const reporterRows = async (args: string[]) =>
      (
        (await cliJson(['dmarc', 'reporters', '--db', store.db, ...args])).reporters as {
          reporter: string;
          reports: number;
          messages: number;
          dmarcPass: number;
          dkimPass: number;
          spfPass: number;
        }[]
      ).map((r) => [
        r.reporter,
        String(r.reports),
        String(r.messages),
        pct(r.dmarcPass, r.messages),
        pct(r.dkimPass, r.messages),
        pct(r.spfPass, r.messages),
      ]);
    const reporters = await reporterRows([]);
    assert.ok(reporters.length >= 2, 'reports from several reporters');
    assert.deepEqual(await rows(page, 'dmarc-reporters'), reporters);
    const sources = s.sources as { sourceIp: string; messages: number; dmarcPass: number }[];
    const failing = sources.filter((x) => x.dmarcPass < x.messages);
    const shown = await rows(page, 'dmarc-failing');
    assert.equal(shown.length, Math.min(50, failing.length));
    const worst = Math.max(...failing.map((x) => x.messages - x.dmarcPass));
    assert.equal(Number(shown[0]?.[4]), worst, 'most failures first');
    assert.ok((await page.locator('svg[aria-label] polyline').count()) >= 3);
    // The domain filter narrows to one domain, as `--domain` does.
    await page.fill('#domain', 'example.com');
    await page.click('main form button');
    await page.waitForURL(/domain=example\.com/);
    const one = await rows(page, 'dmarc-domains');
    assert.deepEqual(
      one.map((r) => r[0]),
      ['example.com'],
    );
    assert.deepEqual(await rows(page, 'dmarc-reporters'), await reporterRows(['--domain', 'example.com']));
  });

  it('mail log: the totals of `mail log --json`', async () => {
    await visit(page, '/mail', 'mail');
    const j = await cliJson(['mail', 'log', store.mailLog]);
    const t = (j.summary as { totals: Record<string, number> }).totals;
    const [row] = await rows(page, 'mail-totals');
    assert.deepEqual(row, [t.received, t.delivered, t.deferred, t.bounced, t.rejected].map(String));
    assert.ok((t.received ?? 0) > 0);
    const ids = ((j.findings as { id: string }[]) ?? []).map((f) => f.id).sort();
    const seen = (
      await page.$$eval('.finding', (fs) => fs.map((f) => f.getAttribute('data-id') ?? ''))
    ).sort();
    assert.deepEqual(seen, ids);
  });

  it('LAN: the inventory of `lan check --json`, the unknown device from the ARP state', async () => {
    await visit(page, '/lan', 'lan');
    const j = await cliJson(['lan', 'check', store.inventory]);
    assert.equal((await rows(page, 'lan-devices')).length, j.devices);
    const unknown = await rows(page, 'lan-unknown');
    assert.deepEqual(
      unknown.map((r) => r[0]),
      ['02:aa:bb:cc:dd:ee'],
    );
    assert.equal((await rows(page, 'lan-arp')).length, 2);
    // The ARP events the store keeps: those of `lan events --json`, newest first.
    const ev = (await cliJson(['lan', 'events', '--db', store.db, '--since', '7d'])) as {
      events: { time: number; site: string; kind: string; ip: string; mac: string }[];
    };
    assert.equal(ev.events.length, 3);
    assert.deepEqual(
      (await rows(page, 'lan-events')).map((r) => [r[0], r[1], r[2], r[3], r[4]]),
      ev.events.map((e) => [new Date(e.time * 1000).toISOString(), e.site, e.kind, e.ip, e.mac]),
    );
  });

  it('capture: an upload through the page gives the numbers of `pcap summary|protocols|conversations|diagnose --json`', async () => {
    await visit(page, '/capture', 'capture-form');
    await page.setInputFiles('#capture', capture);
    // The page's script sends the file as the request's body (no multipart for the server to parse).
    const sent = page.waitForRequest(
      (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/capture',
    );
    await page.click('main form button[type=submit]');
    const post = await sent;
    assert.equal(post.headers()['content-type'], 'application/octet-stream');
    assert.equal(decodeURIComponent(post.headers()['x-capture-name'] ?? ''), path.basename(capture));
    await page.waitForURL(/\/capture\/[0-9a-f]{24}$/);
    await visit(page, new URL(page.url()).pathname, 'capture-result');
    const s = (await cliJson(['pcap', 'summary', capture])).summary as Record<string, number | string>;
    const summary = await rows(page, 'capture-summary');
    assert.equal(summary[0]?.[1], int(s.packets as number));
    assert.equal(summary[1]?.[1], int(s.bytes as number));
    assert.equal(summary[2]?.[1], s.firstTime);
    const protocols = (await cliJson(['pcap', 'protocols', capture])).protocols as {
      children: { name: string; packets: number }[];
    };
    const first = (await rows(page, 'capture-protocols'))[0];
    assert.deepEqual(
      [first?.[0], first?.[1]],
      [protocols.children[0]?.name, int(protocols.children[0]?.packets ?? 0)],
    );
    const diag = ((await cliJson(['pcap', 'diagnose', capture])).findings as { id: string }[])
      .map((f) => f.id)
      .sort();
    const seen = (
      await page.$$eval('.finding', (fs) => fs.map((f) => f.getAttribute('data-id') ?? ''))
    ).sort();
    assert.deepEqual(seen, diag);
    assert.ok((await page.locator('figure svg').count()) >= 1, 'the I/O chart');
    const conversations = (await cliJson(['pcap', 'conversations', capture, '--by', 'ip', '--top', '20']))
      .conversations as { a: string; b: string; transport: string; packets: number; bytes: number }[];
    assert.ok(conversations.length > 0);
    assert.deepEqual(
      await rows(page, 'capture-conversations'),
      conversations.map((c) => [c.a, c.b, c.transport, int(c.packets), int(c.bytes)]),
    );
  });

  it('capture without script: the form posts the file as multipart, with the same numbers', async () => {
    const plain = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    try {
      const p = await plain.newPage();
      p.setDefaultTimeout(30_000);
      assert.equal((await p.goto(`${srv.url}/capture`))?.status(), 200);
      await p.setInputFiles('#capture', capture);
      const sent = p.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/capture');
      await p.click('main form button[type=submit]');
      assert.match((await sent).headers()['content-type'] ?? '', /^multipart\/form-data; boundary=/);
      await p.waitForURL(/\/capture\/[0-9a-f]{24}$/);
      await p.screenshot({ path: path.join(shots, 'capture-result-noscript.png'), fullPage: true });
      const s = (await cliJson(['pcap', 'summary', capture])).summary as Record<string, number | string>;
      const summary = await rows(p, 'capture-summary');
      assert.equal(summary[0]?.[1], int(s.packets as number));
      assert.equal(summary[1]?.[1], int(s.bytes as number));
    } finally {
      await plain.close();
    }
  });

  it('capture: a file above the cap is refused by the page before a byte is sent, and the message is read out', async () => {
    const big = path.join(shots, 'above-the-cap.pcap');
    const fh = await open(big, 'w');
    await fh.truncate(64 * 2 ** 20 + 1); // sparse: the cap (64M) plus one byte
    await fh.close();
    try {
      await visit(page, '/capture', 'capture-form');
      let posted = false;
      const watch = (r: { method(): string; url(): string }) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/capture') posted = true;
      };
      page.on('request', watch);
      await page.setInputFiles('#capture', big);
      await page.click('main form button[type=submit]');
      const note = page.locator('#capture-note');
      await note.waitFor({ state: 'visible' });
      assert.match((await note.textContent()) ?? '', /larger than the limit \(64 MiB\)/);
      assert.equal(await note.getAttribute('role'), 'alert');
      page.off('request', watch);
      assert.equal(posted, false, 'nothing sent');
    } finally {
      await rm(big, { force: true });
    }
  });

  it('doctor: a site report run by POST from the page, its sections as `doctor --json` has them, listed, its HTML file', async () => {
    await visit(page, '/doctor', 'doctor-form');
    await page.fill('#domain', 'example.com');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/doctor\/[0-9a-f]{24}$/);
    await visit(page, new URL(page.url()).pathname, 'doctor-report');
    const j = await cliJson(['doctor', 'example.com', ...DEAD_DNS, '--db', store.db]);
    const sections = j.sections as { name: string; state: string; counts: Record<string, number> }[];
    const seen = await rows(page, 'doctor-sections');
    assert.deepEqual(
      seen.map((r) => [r[0], r[1], r[3], r[4], r[5], r[6]]),
      sections.map((x) => [
        x.name,
        x.state,
        ...['fail', 'warn', 'info', 'ok'].map((k) => String(x.counts[k])),
      ]),
    );
    // The overview now has the doctor's card, counted as the report counts.
    await visit(page, '/', 'overview-with-doctor');
    const counts = j.counts as Record<string, number>;
    for (const sev of ['fail', 'warn', 'info', 'ok'])
      assert.equal(
        await page.$eval(`.card[data-concern=doctor] [data-count=${sev}]`, (e) => Number(e.textContent)),
        counts[sev],
        `doctor ${sev}`,
      );
    await visit(page, '/doctor', 'doctor-list');
    assert.deepEqual(
      (await rows(page, 'doctor-past')).map((r) => r[0]),
      ['example.com'],
    );
    await page.click('#doctor-past a');
    await page.click('text=The full report (HTML file)');
    const r = await page.reload();
    assert.match(r?.headers()['content-security-policy'] ?? '', /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > 0), true);
    await page.screenshot({ path: path.join(shots, 'doctor-html.png'), fullPage: true });
  });

  it('Japanese: chosen from Accept-Language, switched by the link and kept', async () => {
    const ja = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    try {
      const p = await ja.newPage();
      await visit(p, '/', 'overview-ja');
      assert.equal(await p.textContent('h1'), '概要');
      assert.equal(await p.getAttribute('html', 'lang'), 'ja');
      await visit(p, '/dmarc', 'dmarc-ja');
      assert.match((await p.textContent('main')) ?? '', /日別の DMARC 合格率/);
      await p.click('text=English');
      assert.equal(await p.textContent('h1'), 'DMARC');
      await p.click('nav >> text=Monitor');
      assert.equal(await p.textContent('h1'), 'Monitor', 'the choice is kept in a cookie');
    } finally {
      await ja.close();
    }
  });

  it('a phone: every page fits the width (no sideways scrolling of the page)', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'ja-JP',
    });
    try {
      const p = await phone.newPage();
      for (const where of ['/', '/monitor', '/dmarc', '/mail', '/lan', '/capture', '/doctor']) {
        await p.goto(srv.url + where);
        const [scroll, width] = await p.evaluate(() => [
          document.documentElement.scrollWidth,
          window.innerWidth,
        ]);
        assert.ok((scroll as number) <= (width as number) + 1, `${where}: ${scroll} > ${width}`);
        await p.screenshot({
          path: path.join(shots, `phone${where === '/' ? '-overview' : where.replace('/', '-')}.png`),
          fullPage: true,
        });
      }
    } finally {
      await phone.close();
    }
  });

  it('keyboard alone: Tab reaches the skip link and every page of the navigation, Enter follows', async () => {
    await page.goto(`${srv.url}/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#main');
    for (const target of ['/monitor', '/dmarc', '/mail', '/lan', '/capture', '/doctor']) {
      await page.goto(`${srv.url}/`);
      let href: string | null | undefined;
      for (let i = 0; i < 15 && href !== target; i++) {
        await page.keyboard.press('Tab');
        href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      }
      assert.equal(href, target, `Tab reaches ${target}`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${srv.url}${target}`, { waitUntil: 'load' });
      const current = await page.$eval('nav a[aria-current=page]', (a) => a.getAttribute('href'));
      assert.equal(current, target);
    }
  });

  it('the policy was never broken (no script anywhere but the capture page’s own)', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
