/**
 * The site doctor without peers: a DNS server that does not answer makes failed sections, not a
 * failed report; bad options are refused before anything is sent; a store that does not exist is
 * not created; histories handed in are read; the HTML escapes everything that came from outside.
 * (The whole site against real peers: test/doctor/doctor.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { NetdoctorError } from '../core/errors.js';
import { finding } from '../core/findings.js';
import { Resolver } from '../dns/resolver.js';
import { openMonitorHistory } from '../monitor/index.js';
import { escapeHtml } from './html.js';
import { type DoctorReport, localizeDoctorReport, renderDoctorHtml, runDoctor } from './index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nd-doctor-unit-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Nothing listens on 127.0.0.1:1: every question is refused at once. */
const deadResolver = () => new Resolver({ servers: ['127.0.0.1:1'], timeoutMs: 200, retries: 0 });

test('a silent DNS server: DNS and mail fail in their sections, the report stands; an absent store is not created', async () => {
  const db = path.join(tmp, 'absent.db');
  const phases: string[] = [];
  const r = await runDoctor(
    'example.test',
    { db, ports: '80' },
    { resolver: deadResolver(), onProgress: (c, p) => phases.push(`${c}:${p}`) },
  );
  assert.deepEqual(
    r.sections.map((s) => [s.concern, s.state, s.findings.map((f) => f.id)]),
    [
      ['dns', 'failed', ['doctor.part.failed']],
      ['mail', 'failed', ['doctor.part.failed']],
      ['exposure', 'skipped', []],
      ['tls', 'skipped', []],
      ['dmarc', 'skipped', ['doctor.store.absent']],
      ['monitor', 'skipped', []],
    ],
  );
  assert.equal(existsSync(db), false, 'the doctor reads the store, never creates it');
  assert.equal(r.worst, 'warn');
  assert.deepEqual(r.counts, { ok: 0, info: 1, warn: 2, fail: 0 });
  assert.deepEqual(
    r.findings.map((f) => f.severity),
    ['warn', 'warn', 'info'],
  );
  // The reason is kept in both languages.
  const failed = localizeDoctorReport(r, 'ja').findings.find((f) => f.concern === 'dns');
  assert.match(failed?.title ?? '', /^DNS の委任とネームサーバーを確認できませんでした: 127\.0\.0\.1:1: /);
  for (const c of ['dns', 'mail', 'exposure', 'dmarc', 'monitor'])
    assert.ok(phases.includes(`${c}:start`), c);
  assert.ok(phases.includes('dns:failed') && phases.includes('exposure:skipped'));
});

test('bad options are refused before any question is sent, naming the option', async () => {
  const resolver = deadResolver();
  await assert.rejects(
    runDoctor('example.test', { ips: ['192.0.2.300'] }, { resolver }),
    (e: unknown) =>
      e instanceof NetdoctorError && e.code === 'ND_USAGE' && e.option === 'ips' && e.input === '192.0.2.300',
  );
  await assert.rejects(
    runDoctor('example.test', { ports: '80,99999' }, { resolver }),
    (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_USAGE',
  );
  await assert.rejects(
    runDoctor('not a domain', {}, { resolver }),
    (e: unknown) => e instanceof NetdoctorError && e.code === 'ND_USAGE',
  );
  assert.equal(resolver.queriesSent, 0);
});

test('a monitor history handed in is read: one finding per check, its severity from the state', async () => {
  const file = path.join(tmp, 'monitor.db');
  const history = openMonitorHistory(file);
  await history.save([
    { check: 'web', ts: 1_800_000_000_000, state: 'warning', durationMs: 900, finding: 'monitor.slow' },
    { check: 'dns', ts: 1_800_000_000_000, state: 'ok', durationMs: 3, finding: 'monitor.dns.ok' },
  ]);
  try {
    const r = await runDoctor(
      'example.test',
      { ports: '80' },
      { resolver: deadResolver(), monitorHistory: history },
    );
    const monitor = r.sections.find((s) => s.concern === 'monitor');
    assert.equal(monitor?.state, 'done');
    assert.deepEqual(
      monitor?.findings.map((f) => [f.severity, f.params?.check, f.params?.state]),
      [
        ['warn', 'web', 'WARNING'],
        ['ok', 'dns', 'OK'],
      ],
    );
    // No DMARC history was handed in: that section was not looked at.
    assert.equal(r.sections.find((s) => s.concern === 'dmarc')?.state, 'skipped');
  } finally {
    await history.close();
  }
});

test('escapeHtml: markup and control characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(escapeHtml('a\u0000b\u001bc\td\ne'), 'a\ufffdb\ufffdc\td\ne');
});

test('the HTML escapes every string from outside: finding parameters, names, certificate fields', () => {
  const hostile = '</title><script>alert(1)</script>';
  const report: DoctorReport = {
    domain: 'example.test',
    startedAt: '2026-12-06T21:00:00.000Z',
    elapsedMs: 1234,
    worst: 'warn',
    counts: { ok: 0, info: 0, warn: 1, fail: 0 },
    findings: [],
    sections: [
      {
        concern: 'exposure',
        state: 'done',
        worst: 'warn',
        counts: { ok: 0, info: 0, warn: 1, fail: 0 },
        findings: [
          finding('scan.http.version-disclosure', 'warn', {
            address: '192.0.2.80',
            port: 80,
            service: 'http',
            headers: `server: ${hostile}`,
            url: 'http://192.0.2.80/',
          }),
        ],
      },
    ],
    hosts: [{ address: '192.0.2.80', names: [hostile], roles: ['given'] }],
    certificates: [
      {
        address: '192.0.2.80',
        port: 443,
        service: 'https',
        subject: hostile,
        subjectAltNames: [],
        issuer: `"${hostile}`,
        validTo: '2027-01-01T00:00:00.000Z',
        daysLeft: 26,
        expired: false,
        selfSigned: false,
        chainVerified: true,
      },
    ],
    data: {},
  };
  report.findings = report.sections.flatMap((s) => s.findings.map((f) => ({ ...f, concern: s.concern })));
  for (const lang of ['en', 'ja'] as const) {
    const html = renderDoctorHtml(report, lang);
    assert.doesNotMatch(html, /<script/i);
    assert.equal(html.split('</title>').length, 2, 'one title end: the real one');
    assert.ok(html.includes('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(html, new RegExp(`<html lang="${lang}">`));
  }
});
