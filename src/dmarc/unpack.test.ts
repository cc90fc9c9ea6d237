import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, gz, reportMail, SAMPLE, SAMPLE_NS, zip, zipBomb } from '../../test/dmarc/build.js';
import { NetdoctorError } from '../core/errors.js';
import { MiB } from '../core/input.js';
import type { AggregateReport } from './types.js';
import { reportsFromBytes, sniff } from './unpack.js';

const O = { maxBytes: 1 * MiB };
const xml = fixture(SAMPLE);

async function ids(buf: Uint8Array, name = 'x'): Promise<string[]> {
  return (await reportsFromBytes(buf, name, O)).map((r) => (r as AggregateReport).reportId);
}

function rejects(code: string, message: RegExp, input?: string) {
  return (e: unknown) =>
    e instanceof NetdoctorError &&
    e.code === code &&
    message.test(e.message) &&
    (input === undefined || e.input === input);
}

test('recognised by content: xml, gzip, zip, e-mail, json', () => {
  assert.equal(sniff(xml), 'xml');
  assert.equal(sniff(gz(xml)), 'gzip');
  assert.equal(sniff(zip({ 'a.xml': xml })), 'zip');
  assert.equal(sniff(reportMail(zip({ 'a.xml': xml }))), 'mail');
  assert.equal(sniff(Buffer.from(' {"policies": []}')), 'json');
});

test('the same report through every wrapping', async () => {
  const want = ['rx-2023-11-14-0001'];
  assert.deepEqual(await ids(xml), want);
  assert.deepEqual(await ids(gz(xml)), want);
  assert.deepEqual(await ids(zip({ [SAMPLE]: xml })), want);
  assert.deepEqual(await ids(zip({ 'r.xml.gz': gz(xml) })), want, 'a gzip inside a zip');
  assert.deepEqual(await ids(reportMail(zip({ [SAMPLE]: xml }))), want, 'Google: zip attachment');
  assert.deepEqual(
    await ids(reportMail(gz(xml), { type: 'application/gzip', filename: 'r.xml.gz' })),
    want,
    'gzip attachment',
  );
  assert.deepEqual(
    await ids(reportMail(zip({ [SAMPLE]: xml }), { type: 'application/octet-stream', filename: 'report' })),
    want,
    'octet-stream without a useful name',
  );
  assert.deepEqual(
    await ids(zip({ 'a.xml': xml, 'b.xml': fixture(SAMPLE_NS) })),
    [want[0], 'ns-42'],
    'two reports in one zip',
  );
});

test('zip bomb: refused by its declared size before inflating', async () => {
  await assert.rejects(
    reportsFromBytes(zipBomb(8 * MiB), 'bomb.zip', O),
    rejects('ND_INPUT_TOO_LARGE', /declares more than the cap of 1 MiB \(a zip bomb\?\)/),
  );
});

test('zip bomb that lies about its size: stopped by the bytes actually inflated', async () => {
  // Big enough that inflating it all would be unmistakable next to the slice-sized overshoot
  // (one step inflates up to ~16 MiB) and the noise of RSS on a busy machine.
  const bomb = zipBomb(192 * MiB, 100);
  const before = process.memoryUsage().rss;
  await assert.rejects(
    reportsFromBytes(bomb, 'liar.zip', O),
    rejects(
      'ND_INPUT_TOO_LARGE',
      /decompresses to more than the cap of 1 MiB \(a zip bomb\?\)/,
      'liar.zip:report.xml',
    ),
  );
  assert.ok(process.memoryUsage().rss - before < 96 * MiB, 'stopped early, not after inflating 192 MiB');
});

test('gzip bomb: stopped at the cap', async () => {
  await assert.rejects(
    reportsFromBytes(gz(new Uint8Array(8 * MiB)), 'bomb.xml.gz', O),
    rejects('ND_INPUT_TOO_LARGE', /gzip bomb/, 'bomb.xml.gz'),
  );
});

test('truncated gzip and truncated zip: one-line format errors', async () => {
  const g = gz(xml);
  await assert.rejects(
    reportsFromBytes(g.subarray(0, g.length - 12), 't.xml.gz', O),
    rejects('ND_INPUT_FORMAT', /truncated gzip stream/, 't.xml.gz'),
  );
  const z = zip({ [SAMPLE]: xml });
  await assert.rejects(
    reportsFromBytes(z.subarray(0, z.length - 30), 't.zip', O),
    rejects('ND_INPUT_FORMAT', /truncated or corrupt zip/, 't.zip'),
  );
  await assert.rejects(
    reportsFromBytes(z.subarray(0, 40), 't2.zip', O),
    rejects('ND_INPUT_FORMAT', /zip/, 't2.zip'),
  );
});

test('gzip with trailing CR/LF (Mimecast) is read; garbage after a member is not silently a report', async () => {
  assert.deepEqual(await ids(Buffer.concat([gz(xml), Buffer.from('\r\n')])), ['rx-2023-11-14-0001']);
});

test('an e-mail without a report, and a malformed one, say so', async () => {
  const plain = Buffer.from('From: a@example.test\nSubject: hi\n\njust text\n');
  await assert.rejects(
    reportsFromBytes(plain, 'hi.eml', O),
    rejects('ND_INPUT_FORMAT', /no DMARC or TLS report in this e-mail/, 'hi.eml'),
  );
  await assert.rejects(reportsFromBytes(fixture('malformed.eml'), 'malformed.eml', O), NetdoctorError);
  await assert.rejects(
    reportsFromBytes(Buffer.from('\x00\x01binary'), 'bin', O),
    rejects('ND_INPUT_FORMAT', /unrecognised/, 'bin'),
  );
});

test('an ARF failure report in an e-mail', async () => {
  const mail = Buffer.from(
    [
      'From: dmarc-noreply@reporter.example',
      'Subject: DMARC failure report for example.test',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'A message failed DMARC.',
      '--r',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: auth-failure',
      'Version: 1',
      'Source-IP: 198.51.100.20',
      'Reported-Domain: example.test',
      'Auth-Failure: dmarc',
      'Original-Mail-From: <ceo@example.test>',
      '',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      'From: CEO <ceo@example.test>',
      'Subject: Urgent wire transfer',
      '',
      '--r--',
      '',
    ].join('\n'),
  );
  const [r] = await reportsFromBytes(mail, 'ruf.eml', O);
  assert.equal(r?.kind, 'failure');
  if (r?.kind !== 'failure') return;
  assert.deepEqual(
    [r.sourceIp, r.reportedDomain, r.authFailure, r.originalMailFrom, r.originalSubject],
    ['198.51.100.20', 'example.test', 'dmarc', 'ceo@example.test', 'Urgent wire transfer'],
  );
});

test('archives nested too deep are refused', async () => {
  let b: Buffer = xml;
  for (let i = 0; i < 6; i++) b = zip({ [`level${i}.zip`]: b });
  await assert.rejects(
    reportsFromBytes(b, 'deep.zip', O),
    rejects('ND_INPUT_FORMAT', /nested more than 4 deep/),
  );
});
