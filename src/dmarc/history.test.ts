import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fixture, SAMPLE, SAMPLE_NS } from '../../test/dmarc/build.js';
import { SqliteDmarcHistory } from '../store/dmarc-history.js';
import { reportRow } from './history.js';
import { dmarcHistorySummary, ingestDmarc, readDmarc } from './index.js';
import { parseAggregateXml } from './parse.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-dmarc-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const a = parseAggregateXml(fixture(SAMPLE), SAMPLE);
const b = parseAggregateXml(fixture(SAMPLE_NS), SAMPLE_NS);

test('idempotent: the same report twice is stored once, also across opens', async () => {
  const file = path.join(dir, 'a.db');
  const h = new SqliteDmarcHistory(file);
  assert.deepEqual(await h.save([reportRow(a, 's'), reportRow(a, 's2')]), { stored: 1, duplicates: 1 });
  await h.close();
  const again = new SqliteDmarcHistory(file);
  assert.deepEqual(await again.save([reportRow(a, 's'), reportRow(b, 's')]), { stored: 1, duplicates: 1 });
  assert.deepEqual(await again.check(), { reports: 2, records: 5, incomplete: 0 });
  await again.close();
});

test('summary: per domain, per source and per day with pass counts; --since and --domain filter', async () => {
  const h = new SqliteDmarcHistory(path.join(dir, 'b.db'));
  await h.save([reportRow(a, 's'), reportRow(b, 's')]);
  const s = await h.summary({});
  assert.deepEqual(s.domains, [
    { domain: 'example.test', reports: 2, messages: 179, dmarcPass: 168, dkimPass: 168, spfPass: 153 },
  ]);
  assert.deepEqual(s.sources[0], {
    domain: 'example.test',
    sourceIp: '198.51.100.10',
    messages: 153,
    dmarcPass: 153,
    dkimPass: 153,
    spfPass: 153,
  });
  assert.equal(s.days.length, 2);
  assert.equal((await h.summary({ since: 1700086400 })).domains[0]?.messages, 33);
  assert.deepEqual((await h.summary({ domain: 'other.test' })).domains, []);
  await h.close();
});

test('history poisoning: ingest stores the believable records only and warns about the rest; summary is not fooled', async () => {
  const db = path.join(dir, 'poison.db');
  const poison = path.join(dir, 'poison.xml');
  const rec = (ip: string, count: string, verdict: string) =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${verdict}</dkim><spf>${verdict}</spf></policy_evaluated></row><identifiers><header_from>poison.test</header_from></identifiers></record>`;
  const head = (id: string, begin: number, end: number) =>
    `<feedback><report_metadata><org_name>Evil</org_name><email>e@evil.test</email><report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${end}</end></date_range></report_metadata><policy_published><domain>poison.test</domain><p>none</p></policy_published>`;
  writeFileSync(
    poison,
    `${head('p1', 1700000000, 1700086399)}${rec('192.0.2.1', '10', 'fail')}${rec('192.0.2.2', '99999999999999999999999', 'pass')}${rec('nowhere', '5', 'pass')}<record><row><source_ip/><count>5</count></row></record></feedback>`,
  );
  const future = path.join(dir, 'future.xml');
  writeFileSync(
    future,
    `${head('p2', 1700000000, 99999999999)}${rec('192.0.2.3', '1000', 'pass')}</feedback>`,
  );
  const r = await ingestDmarc([poison, future], { db });
  assert.deepEqual([r.stored, r.skipped, r.refused, r.errors.length], [1, 1, 4, 0]);
  const warn = r.findings.find((f) => f.id === 'dmarc.record.refused');
  assert.equal(warn?.severity, 'warn');
  assert.equal((warn?.evidence as unknown[] | undefined)?.length, 4);
  const s = await dmarcHistorySummary({ db, domain: 'poison.test' });
  assert.deepEqual(s.domains, [
    { domain: 'poison.test', reports: 1, messages: 10, dmarcPass: 0, dkimPass: 0, spfPass: 0 },
  ]);
  assert.deepEqual(
    s.sources.map((x) => x.sourceIp),
    ['192.0.2.1'],
  );
  // what was read (not stored) says the same
  const read = await readDmarc([poison]);
  assert.deepEqual(read.domains, [{ domain: 'poison.test', reports: 1, messages: 10, passed: 0 }]);
  assert.ok(read.findings.some((f) => f.id === 'dmarc.record.refused'));
});
