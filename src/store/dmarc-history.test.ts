import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fixture, SAMPLE, SAMPLE_NS } from '../../test/dmarc/build.js';
import { parseAggregateXml } from '../dmarc/parse.js';
import { defaultDatabasePath } from './db.js';
import { SqliteDmarcHistory } from './dmarc-history.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const a = parseAggregateXml(fixture(SAMPLE), SAMPLE);
const b = parseAggregateXml(fixture(SAMPLE_NS), SAMPLE_NS);

test('the default database lives under the XDG data directory', () => {
  assert.equal(
    defaultDatabasePath({ XDG_DATA_HOME: '/x/data', HOME: '/home/u' }),
    '/x/data/netdoctor/netdoctor.db',
  );
  assert.equal(defaultDatabasePath({ HOME: '/home/u' }), '/home/u/.local/share/netdoctor/netdoctor.db');
  assert.equal(
    defaultDatabasePath({ XDG_DATA_HOME: 'relative', HOME: '/home/u' }),
    '/home/u/.local/share/netdoctor/netdoctor.db',
  );
});

test('idempotent: the same report twice is stored once, also across opens', async () => {
  const file = path.join(dir, 'a.db');
  const h = new SqliteDmarcHistory(file);
  assert.deepEqual(
    await h.save([
      { report: a, source: 's' },
      { report: a, source: 's2' },
    ]),
    { stored: 1, duplicates: 1 },
  );
  await h.close();
  const again = new SqliteDmarcHistory(file);
  assert.deepEqual(
    await again.save([
      { report: a, source: 's' },
      { report: b, source: 's' },
    ]),
    { stored: 1, duplicates: 1 },
  );
  assert.deepEqual(await again.check(), { reports: 2, records: 5, incomplete: 0 });
  await again.close();
});

test('summary: per domain, per source and per day with pass counts; --since and --domain filter', async () => {
  const h = new SqliteDmarcHistory(path.join(dir, 'b.db'));
  await h.save([
    { report: a, source: 's' },
    { report: b, source: 's' },
  ]);
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
