/**
 * `netdoctor doctor` against a whole site of real peers (see servers.ts): the test BIND with a
 * healthy and a broken domain behind a parent zone, a real Postfix with STARTTLS, web servers
 * telling their version, a store with DMARC reports and monitor results. The broken domain's one
 * report holds the expected findings of every concern, worst first, each with its fix; the HTML
 * file is opened in Chromium, screenshotted (kept as artifacts), and read as a person sees it, in
 * English and in Japanese. The peers start once for the whole file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { SEVERITIES } from '../../src/core/findings.js';
import { namedPath } from '../harness/bind.js';
import { artifactDir, chromiumSkip, launchChromium } from '../harness/chromium.js';
import { type CliRun, runCliCaptured } from '../harness/cli.js';
import { unavailable } from '../harness/missing.js';
import { postfixSkipReason } from '../harness/postfix.js';
import { BROKEN_POWERED_BY, type DoctorSite, startDoctorSite } from './servers.js';

function peersMissing(): string | undefined {
  try {
    namedPath();
  } catch (e) {
    return unavailable((e as Error).message);
  }
  return postfixSkipReason();
}

interface JsonFinding {
  id: string;
  severity: 'ok' | 'info' | 'warn' | 'fail';
  concern: string;
  title: string;
  fix?: string;
  evidence?: unknown;
}

interface JsonReport {
  command: string;
  domain: string;
  lang: string;
  worst: string;
  findings: JsonFinding[];
  sections: { concern: string; name: string; state: string; findings: { id: string }[] }[];
  hosts: { address: string; names: string[]; roles: string[] }[];
  certificates: { address: string; port: number; service: string; subject: string; daysLeft: number }[];
  data: Record<string, Record<string, unknown>>;
}

const skip = peersMissing();

describe('netdoctor doctor: a whole site, real peers', { skip: skip ?? false }, () => {
  let site: DoctorSite;
  let brokenEn: CliRun;
  let brokenJa: CliRun;
  let good: CliRun;
  let htmlEn = '';
  let htmlJa = '';

  const doctor = (domain: string, ...more: string[]) =>
    runCliCaptured([
      'doctor',
      domain,
      '--server',
      site.server,
      '--parent',
      site.parent,
      '--ns-port',
      String(site.dnsPort),
      '--smtp-port',
      String(site.smtpPort),
      '--ports',
      `${site.smtpPort},${site.httpPort},${site.httpsPort}`,
      '--ca-file',
      site.caFile,
      '--db',
      site.db,
      ...more,
    ]);

  before(async () => {
    site = await startDoctorSite();
    htmlEn = path.join(site.dir, 'report.html');
    htmlJa = path.join(site.dir, 'report-ja.html');
    brokenEn = await doctor('doctor-broken.test', '--json', '--html', htmlEn);
    brokenJa = await doctor('doctor-broken.test', '--json', '--lang', 'ja', '--html', htmlJa);
    good = await doctor('doctor-good.test', '--json');
  });
  after(async () => site?.stop());

  it('the broken domain: the expected findings of every concern in one report, exit 1', () => {
    assert.equal(brokenEn.status, 1, brokenEn.err);
    const r = JSON.parse(brokenEn.out) as JsonReport;
    assert.equal(r.command, 'doctor');
    assert.equal(r.domain, 'doctor-broken.test');
    assert.equal(r.worst, 'fail');
    const by = (concern: string) =>
      r.findings
        .filter((f) => f.concern === concern)
        .map((f) => f.id)
        .sort();
    // DNS: the delegation is sound, but the MX host's PTR does not confirm.
    assert.ok(by('dns').includes('dns.check.mail-ptr'), by('dns').join());
    // Mail: MX to an alias, no PTR, no SPF, no DMARC, nothing listening on the MX.
    for (const id of [
      'mail.mx.cname',
      'mail.ptr.missing',
      'mail.spf.none',
      'mail.dmarc.none',
      'mail.smtp.port-closed',
    ])
      assert.ok(by('mail').includes(id), `${id} missing from ${by('mail').join()}`);
    // Exposure: the web server tells its versions, on HTTP and on HTTPS.
    const disclosure = r.findings.filter((f) => f.id === 'scan.http.version-disclosure');
    assert.equal(disclosure.length, 2);
    assert.ok(disclosure.every((f) => f.concern === 'exposure' && f.title.includes('Apache/2.4.1 (Unix)')));
    // TLS: the self-signed certificate expiring in 10 days, and what it is.
    assert.deepEqual(by('tls'), [
      'doctor.tls.certificate',
      'scan.tls.cert-expiring',
      'scan.tls.cert-self-signed',
    ]);
    assert.deepEqual(
      r.certificates.map((c) => [c.address, c.port, c.subject]),
      [['127.19.1.80', site.httpsPort, 'www.doctor-broken.test']],
    );
    assert.ok(r.certificates[0] && r.certificates[0].daysLeft <= 10 && r.certificates[0].daysLeft >= 8);
    // DMARC history: none of the 57 messages passed.
    const dmarc = r.findings.find((f) => f.id === 'dmarc.history.domain');
    assert.equal(dmarc?.concern, 'dmarc');
    assert.match(dmarc?.title ?? '', /0 of 57 message\(s\) passed DMARC/);
    // Monitor: the DOWN check fails, the OK one is ok.
    const monitor = r.findings.filter((f) => f.concern === 'monitor');
    assert.deepEqual(
      monitor.map((f) => [f.severity, f.title.split(':')[0]]),
      [
        ['fail', 'Monitor check web-broken'],
        ['ok', 'Monitor check mx-good'],
      ],
    );
    // The hosts: the MX host through its alias, the web host through www.
    assert.deepEqual(r.hosts.map((h) => [h.address, h.roles.join('+'), h.names.join('+')]).sort(), [
      ['127.19.1.25', 'mx', 'mail.doctor-broken.test'],
      ['127.19.1.80', 'web', 'www.doctor-broken.test'],
    ]);
  });

  it('findings are sorted worst first, each section too, and every warn/fail carries its fix', () => {
    const r = JSON.parse(brokenEn.out) as JsonReport;
    const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
    for (let i = 1; i < r.findings.length; i++)
      assert.ok(
        rank(r.findings[i - 1]?.severity ?? '') >= rank(r.findings[i]?.severity ?? ''),
        `order at ${i}`,
      );
    for (const f of r.findings)
      if (f.severity === 'warn' || f.severity === 'fail') assert.ok(f.fix, `${f.id} has no fix`);
    assert.deepEqual(
      r.sections.map((s) => [s.concern, s.state]),
      [
        ['dns', 'done'],
        ['mail', 'done'],
        ['exposure', 'done'],
        ['tls', 'done'],
        ['dmarc', 'done'],
        ['monitor', 'done'],
      ],
    );
    // Every finding is in exactly one section.
    assert.equal(
      r.sections.reduce((n, s) => n + s.findings.length, 0),
      r.findings.length,
    );
  });

  it('the healthy domain: nothing worse than information outside the monitor; its certificates listed', () => {
    assert.equal(good.status, 1, good.err); // the store's DOWN check is the site's
    const r = JSON.parse(good.out) as JsonReport;
    const bad = r.findings.filter(
      (f) => f.concern !== 'monitor' && (f.severity === 'warn' || f.severity === 'fail'),
    );
    assert.deepEqual(bad, []);
    for (const id of ['dns.check.ok', 'mail.smtp.starttls-ok', 'mail.dmarc.ok', 'mail.fcrdns.ok'])
      assert.ok(
        r.findings.some((f) => f.id === id && f.severity === 'ok'),
        id,
      );
    assert.deepEqual(r.certificates.map((c) => [c.address, c.service, c.subject]).sort(), [
      ['127.19.0.25', 'smtp', 'mx.doctor-good.test'],
      ['127.19.0.80', 'https', 'doctor-good.test'],
    ]);
    assert.ok(
      r.findings.some((f) => f.id === 'dmarc.history.domain' && /240 of 240/.test(f.title)),
      'the DMARC history of the domain',
    );
  });

  it('--lang ja: the same report in Japanese, the same ids', () => {
    assert.equal(brokenJa.status, 1, brokenJa.err);
    const en = JSON.parse(brokenEn.out) as JsonReport;
    const ja = JSON.parse(brokenJa.out) as JsonReport;
    assert.equal(ja.lang, 'ja');
    assert.deepEqual(ja.findings.map((f) => f.id).sort(), en.findings.map((f) => f.id).sort());
    assert.equal(ja.sections[1]?.name, 'メール（MX・SPF・DKIM・DMARC・SMTP）');
    const spf = ja.findings.find((f) => f.id === 'mail.spf.none');
    assert.match(spf?.title ?? '', /SPF レコードがありません/);
  });

  it('the HTML file is one self-contained document: no script, no external asset, input escaped', () => {
    for (const file of [htmlEn, htmlJa]) {
      const html = readFileSync(file, 'utf8');
      assert.match(html, /^<!doctype html>\n<html lang="(en|ja)">/);
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
      assert.doesNotMatch(html, /\b(src|href)="(?!#)/i, 'only in-page links');
      assert.match(html, /@media print/);
      // The X-Powered-By header's markup is text, escaped.
      assert.ok(html.includes('PHP/5.4.0 &lt;img src=x onerror=alert(1)&gt;'));
    }
    assert.match(
      readFileSync(htmlJa, 'utf8'),
      /<html lang="ja">[\s\S]*Hiragino Kaku Gothic ProN[\s\S]*Noto Sans CJK JP/,
    );
  });

  describe('in Chromium', { skip: chromiumSkip() }, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => browser?.close());

    async function open(file: string, name: string) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      const dir = artifactDir('doctor');
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(dir, `${name}-print.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
      return page;
    }

    it('English: the verdict, the concerns, each finding with its fix, the certificate table', async () => {
      const page = await open(htmlEn, 'doctor-broken-en');
      try {
        assert.equal(await page.locator('h1').innerText(), 'Site report: doctor-broken.test');
        const text = await page.locator('body').innerText();
        assert.match(text, /Overall:\s*FAIL/);
        for (const heading of [
          'DNS delegation and name servers',
          'Mail (MX, SPF, DKIM, DMARC, SMTP)',
          'Exposure of the hosts',
          'TLS certificates',
          'DMARC history',
          'Monitor',
        ])
          assert.ok(await page.locator('h2', { hasText: heading }).first().isVisible(), heading);
        assert.match(text, /doctor-broken\.test has no SPF record/);
        assert.match(
          text,
          /Fix: Add to the zone of doctor-broken\.test: doctor-broken\.test\. IN TXT "v=spf1/,
        );
        assert.match(text, /tells its software versions: server: Apache\/2\.4\.1 \(Unix\)/);
        // The hostile header is shown as the text it was, and made no element.
        assert.ok(text.includes(BROKEN_POWERED_BY));
        assert.equal(await page.locator('main img').count(), 0);
        const row = page.locator('tr', { hasText: 'www.doctor-broken.test' }).last();
        assert.match(
          await row.innerText(),
          new RegExp(`${site.httpsPort}\\s+https\\s+www\\.doctor-broken\\.test`),
        );
        // The worst finding comes first in its section: FAIL before WARN in Mail.
        const mailBadges = await page.locator('#concern-mail .finding .badge').allInnerTexts();
        assert.equal(mailBadges[0], 'FAIL');
        assert.equal(mailBadges.at(-1), 'INFO');
      } finally {
        await page.close();
      }
    });

    it('Japanese: the same report reads in Japanese, with Japanese fonts', async () => {
      const page = await open(htmlJa, 'doctor-broken-ja');
      try {
        assert.equal(await page.locator('h1').innerText(), 'サイト診断レポート: doctor-broken.test');
        const text = await page.locator('body').innerText();
        assert.match(text, /総合判定:\s*要対応/);
        assert.match(text, /対処:/);
        assert.match(text, /SPF レコードがありません/);
        assert.ok(await page.locator('h2', { hasText: 'TLS 証明書' }).first().isVisible());
        assert.ok(await page.locator('h2', { hasText: '監視' }).first().isVisible());
        const font = String(await page.evaluate('getComputedStyle(document.body).fontFamily'));
        assert.match(font, /Hiragino Kaku Gothic ProN/);
        assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
      } finally {
        await page.close();
      }
    });
  });
});
