/**
 * Every sample in parsedmarc's corpus (../shared/corpus/parsedmarc-samples) is read, and the
 * record counts and message totals netdoctor reports match the files, counted independently
 * (regular expressions over the XML, decompressed with zlib / fflate's one-shot unzip).
 * Prints `N passed, M failed`; known misses are in corpus-known-misses.txt with a reason each.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { filesOf, readReports } from '../../src/dmarc/read.js';
import type { DmarcReport } from '../../src/dmarc/types.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';

const NAME = 'parsedmarc-samples';
const dir = corpusDir(NAME);
const KNOWN = new Map(
  readFileSync(new URL('corpus-known-misses.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string]),
);

/** The XML documents inside a file, found without netdoctor's unpacker. */
async function xmlDocs(buf: Buffer): Promise<string[]> {
  if (buf[0] === 0x1f && buf[1] === 0x8b) return [gunzipSync(buf).toString('utf8')];
  if (buf[0] === 0x50 && buf[1] === 0x4b)
    return Object.values(unzipSync(buf)).map((b) => Buffer.from(b).toString('utf8'));
  if (buf.toString('latin1').trimStart().startsWith('<')) return [buf.toString('utf8')];
  const mail = await simpleParser(buf);
  const out: string[] = [];
  for (const a of mail.attachments) {
    let c = a.content;
    // Mimecast's gzip carries a trailing CRLF after the member: drop trailing whitespace first.
    if (c[0] === 0x1f && c[1] === 0x8b)
      c = gunzipSync(Buffer.from(c.toString('latin1').replace(/[\r\n ]+$/, ''), 'latin1'));
    out.push(...(c[0] === 0x50 && c[1] === 0x4b ? await xmlDocs(c) : [c.toString('utf8')]));
  }
  return out.filter((x) => x.includes('<feedback') || x.includes(':feedback'));
}

function expected(xml: string): { records: number; messages: number } {
  const records = (xml.match(/<(\w+:)?record>/g) ?? []).length;
  const messages = [...xml.matchAll(/<(?:\w+:)?count>\s*(\d+)\s*</g)].reduce((n, m) => n + Number(m[1]), 0);
  return { records, messages };
}

function tally(reports: DmarcReport[]): { records: number; messages: number } {
  let records = 0;
  let messages = 0;
  for (const r of reports) {
    if (r.kind !== 'aggregate') continue;
    records += r.records.length;
    messages += r.records.reduce((n, x) => n + x.count, 0);
  }
  return { records, messages };
}

test('parsedmarc samples: every aggregate, failure and TLS report is read with the right counts', {
  skip: dir ? false : corpusSkipReason(NAME),
}, async () => {
  const root = dir as string;
  const files = (await filesOf(root)).filter((f) => path.basename(f) !== 'SOURCE.md');
  let passed = 0;
  const failed: string[] = [];
  const misses: string[] = [];
  for (const file of files) {
    const rel = path.relative(root, file);
    const reports: DmarcReport[] = [];
    let error = '';
    for await (const item of readReports([file], { maxBytes: 64 * 1024 * 1024 })) {
      if ('error' in item) error = item.error.oneLine();
      else reports.push(item.report);
    }
    const why = (() => {
      if (error) return error;
      if (reports.length === 0) return 'no report';
      const folder = rel.split(path.sep)[0];
      if (folder === 'failure' && reports.some((r) => r.kind !== 'failure' || !r.sourceIp))
        return 'not read as a failure report with a source IP';
      if (folder === 'smtp_tls' && reports.some((r) => r.kind !== 'tls' || r.policies.length === 0))
        return 'not read as a TLS report';
      return '';
    })();
    if (why) {
      if (KNOWN.has(rel)) misses.push(`${rel}: ${why}`);
      else failed.push(`${rel}: ${why}`);
      continue;
    }
    if (KNOWN.has(rel)) {
      failed.push(`${rel}: listed as a known miss but now read; remove it from corpus-known-misses.txt`);
      continue;
    }
    if (reports[0]?.kind === 'aggregate') {
      const docs = await xmlDocs(readFileSync(file));
      const want = docs
        .map(expected)
        .reduce((a, b) => ({ records: a.records + b.records, messages: a.messages + b.messages }), {
          records: 0,
          messages: 0,
        });
      const got = tally(reports);
      if (got.records !== want.records || got.messages !== want.messages) {
        failed.push(
          `${rel}: ${got.records} records / ${got.messages} messages, the file has ${want.records} / ${want.messages}`,
        );
        continue;
      }
    }
    passed++;
  }
  console.log(`${passed} passed, ${failed.length + misses.length} failed (${misses.length} known misses)`);
  for (const m of misses) console.log(`  known miss: ${m}`);
  for (const f of failed) console.log(`  FAILED: ${f}`);
  assert.deepEqual(failed, []);
  assert.equal(misses.length, KNOWN.size, 'every known miss still misses');
});
