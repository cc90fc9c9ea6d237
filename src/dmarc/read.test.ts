import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { fixture, gz, mbox, reportMail, SAMPLE, SAMPLE_NS, zip } from '../../test/dmarc/build.js';
import { MiB } from '../core/input.js';
import { type ReadItem, readReports } from './read.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-dmarc-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function collect(
  inputs: string[],
  stdin?: NodeJS.ReadableStream,
  maxBytes = 4 * MiB,
): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readReports(inputs, { maxBytes, ...(stdin ? { stdin } : {}) })) out.push(item);
  return out;
}

function summary(items: ReadItem[]): string[] {
  return items.map((i) =>
    'error' in i
      ? `${path.basename(i.source)} ERROR ${i.error.message}`
      : `${path.basename(i.source)} ${i.report.kind === 'aggregate' ? i.report.reportId : i.report.kind}`,
  );
}

const mailA = reportMail(zip({ [SAMPLE]: fixture(SAMPLE) }));
// a body line starting with "From " must be escaped in the mbox and not split a message
const mailB = Buffer.concat([
  reportMail(gz(fixture(SAMPLE_NS)), { type: 'application/gzip', filename: 'ns.xml.gz' }).subarray(0, 40),
  reportMail(gz(fixture(SAMPLE_NS)), { type: 'application/gzip', filename: 'ns.xml.gz' }).subarray(40),
]);
const broken = Buffer.from('From: x@example.test\nSubject: not a report\n\nFrom the desk of nobody\n');
const box = mbox([mailA, broken, mailB]);

test('an mbox: each message read, a bad one named by its number, the rest still read', async () => {
  writeFileSync(path.join(dir, 'reports.mbox'), box);
  assert.deepEqual(summary(await collect([path.join(dir, 'reports.mbox')])), [
    'reports.mbox#1 rx-2023-11-14-0001',
    'reports.mbox#2 ERROR no DMARC or TLS report in this e-mail (no attachments)',
    'reports.mbox#3 ns-42',
  ]);
});

test('chunk boundaries do not change an mbox read from stdin (1-byte, 7-byte and whole)', async () => {
  const whole = summary(await collect(['-'], Readable.from([box])));
  for (const size of [1, 7, 4096]) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < box.length; i += size) chunks.push(box.subarray(i, i + size));
    assert.deepEqual(summary(await collect(['-'], Readable.from(chunks))), whole, `chunks of ${size}`);
  }
});

test('a Maildir reads cur/ and new/, not tmp/; a plain folder reads every file', async () => {
  const md = path.join(dir, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(md, sub), { recursive: true });
  writeFileSync(path.join(md, 'cur', '1700000001.M1.host:2,S'), mailA);
  writeFileSync(
    path.join(md, 'new', '1700000002.M2.host'),
    reportMail(gz(fixture(SAMPLE_NS)), { type: 'application/gzip' }),
  );
  writeFileSync(path.join(md, 'tmp', '1700000003.M3.host'), 'half-written');
  assert.deepEqual(
    summary(await collect([md])).map((s) => s.split(' ').slice(1).join(' ')),
    ['rx-2023-11-14-0001', 'ns-42'],
  );
});

test('a missing file, a huge file and an empty file are errors; the other inputs are still read', async () => {
  writeFileSync(path.join(dir, 'big.xml'), Buffer.alloc(2 * MiB, 0x20));
  writeFileSync(path.join(dir, 'empty.xml'), '');
  writeFileSync(path.join(dir, 'ok.xml'), fixture(SAMPLE));
  const items = await collect(
    ['/nonexistent/r.xml', path.join(dir, 'big.xml'), path.join(dir, 'empty.xml'), path.join(dir, 'ok.xml')],
    undefined,
    1 * MiB,
  );
  assert.deepEqual(summary(items), [
    'r.xml ERROR cannot read: no such file',
    'big.xml ERROR larger than the cap of 1 MiB',
    'empty.xml ERROR empty file, not a DMARC report',
    'ok.xml rx-2023-11-14-0001',
  ]);
});

test('an mbox message over the cap is skipped with an error naming it; the next message is read', async () => {
  const huge = reportMail(Buffer.alloc(2 * MiB, 0x41), {
    type: 'application/octet-stream',
    filename: 'big.bin',
  });
  writeFileSync(path.join(dir, 'big.mbox'), mbox([huge, mailA]));
  assert.deepEqual(summary(await collect([path.join(dir, 'big.mbox')], undefined, 1 * MiB)), [
    'big.mbox#1 ERROR message larger than the cap of 1 MiB',
    'big.mbox#2 rx-2023-11-14-0001',
  ]);
});
