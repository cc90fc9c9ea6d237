/**
 * Every sample in parsedmarc's corpus (../shared/corpus/parsedmarc-samples) is read, and the
 * record counts and message totals netdoctor reports match the files, counted independently
 * (regular expressions over the XML, decompressed with zlib / fflate's one-shot unzip).
 *
 * There is no per-file list of misses. Which files must be read and which refused is decided for
 * every file, seen or unseen, by these rules, with libxml2's `xmllint --noout` as the oracle of
 * well-formedness (Debian libxml2-utils):
 *  1. An empty file (nothing but white space) is refused with the empty-file error naming it.
 *  2. An XML report xmllint accepts is read, with the record and message counts of the file.
 *  3. netdoctor has two documented leniencies (src/dmarc/parse.ts), each checked here by the same
 *     oracle: bytes that are not UTF-8 are read as U+FFFD, and one unclosed `<schema …>` wrapper
 *     opened before `<feedback>` (the ikea.com sender's) is dropped. A report that xmllint accepts
 *     once those two repairs are made (and only those) is read like rule 2.
 *  4. Every other XML report xmllint rejects is refused with the malformed-XML error naming the
 *     file, never guessed at (parsedmarc's lxml recover mode reads such files; netdoctor does not).
 *  5. Everything else (failure reports, SMTP TLS JSON) is read as its folder's kind.
 * Prints `N passed, M failed` and how many files each rule covered.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import type { NetdoctorError } from '../../src/core/errors.js';
import { filesOf, readReports } from '../../src/dmarc/read.js';
import type { DmarcReport } from '../../src/dmarc/types.js';
import { corpusDir, corpusSkipReason } from '../harness/corpus.js';
import { findTool, toolSkip } from '../harness/peers.js';

const NAME = 'parsedmarc-samples';
const dir = corpusDir(NAME);

/** Whether libxml2 (`xmllint --noout -`) finds the document well-formed. */
function xmllintAccepts(doc: Buffer): boolean {
  const r = spawnSync(findTool('xmllint') as string, ['--noout', '--nonet', '-'], { input: doc });
  if (r.error) throw r.error;
  return r.status === 0;
}

/**
 * The document with netdoctor's two documented repairs made, independently: bytes that are not
 * UTF-8 become U+FFFD (the WHATWG decoder), and an unclosed `<…schema …>` opening tag is dropped.
 */
function leniently(doc: Buffer): Buffer {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(doc);
  const open = /<([A-Za-z_][\w.-]*:)?schema\b[^>]*>/.exec(text);
  if (open && !text.includes(`</${open[1] ?? ''}schema>`))
    text = text.slice(0, open.index) + text.slice(open.index + open[0].length);
  return Buffer.from(text, 'utf8');
}

/** What the rules say about one file's XML documents: read, refused as malformed, or read leniently. */
function verdict(docs: readonly Buffer[]): 'wellFormed' | 'lenient' | 'malformed' {
  if (docs.every(xmllintAccepts)) return 'wellFormed';
  return docs.every((d) => xmllintAccepts(leniently(d))) ? 'lenient' : 'malformed';
}

/** The XML documents (bytes) inside a file, found without netdoctor's unpacker. */
async function xmlDocs(buf: Buffer): Promise<Buffer[]> {
  const isReport = (x: Buffer) => /<(\w+:)?feedback\b/.test(x.toString('latin1'));
  if (buf[0] === 0x1f && buf[1] === 0x8b) return [gunzipSync(buf)];
  if (buf[0] === 0x50 && buf[1] === 0x4b) return Object.values(unzipSync(buf)).map((b) => Buffer.from(b));
  if (buf.toString('latin1').trimStart().startsWith('<')) return [buf];
  const mail = await simpleParser(buf);
  const out: Buffer[] = [];
  for (const a of mail.attachments) {
    let c = a.content;
    // Mimecast's gzip carries a trailing CRLF after the member: drop trailing whitespace first.
    if (c[0] === 0x1f && c[1] === 0x8b)
      c = gunzipSync(Buffer.from(c.toString('latin1').replace(/[\r\n ]+$/, ''), 'latin1'));
    out.push(...(c[0] === 0x50 && c[1] === 0x4b ? await xmlDocs(c) : [c]));
  }
  return out.filter(isReport);
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

test('parsedmarc samples: every report is read with the right counts; malformed XML (by xmllint) and empty files are refused', {
  skip: dir ? toolSkip(['xmllint', 'libxml2-utils']) : corpusSkipReason(NAME),
}, async () => {
  const root = dir as string;
  const files = (await filesOf(root)).filter((f) => path.basename(f) !== 'SOURCE.md');
  let passed = 0;
  const failed: string[] = [];
  const ruled = { empty: 0, wellFormed: 0, lenient: 0, malformed: 0, other: 0 };
  for (const file of files) {
    const rel = path.relative(root, file);
    const bytes = readFileSync(file);
    const reports: DmarcReport[] = [];
    const errors: NetdoctorError[] = [];
    for await (const item of readReports([file], { maxBytes: 64 * 1024 * 1024 })) {
      if ('error' in item) errors.push(item.error);
      else reports.push(item.report);
    }
    const error = errors[0];
    const docs = bytes.toString('latin1').trim() === '' ? [] : await xmlDocs(bytes);
    const rule =
      bytes.toString('latin1').trim() === '' ? 'empty' : docs.length === 0 ? 'other' : verdict(docs);
    ruled[rule]++;
    const refusedWith = (ids: readonly string[], what: string): string => {
      if (!error) return `read, but the rules say it must be refused as ${what}`;
      if (!ids.includes(error.messageId) || error.input !== file)
        return `refused as "${error.oneLine()}", the rules want ${what} naming the file`;
      return reports.length > 0 ? `${reports.length} report(s) read besides the refusal` : '';
    };
    const why = (() => {
      if (rule === 'empty') return refusedWith(['dmarc.emptyFile'], 'the empty-file error');
      if (rule === 'malformed')
        return refusedWith(
          ['dmarc.badXml', 'dmarc.badXmlAt'],
          'the malformed-XML error (xmllint rejects it)',
        );
      if (error) return `${error.oneLine()} (xmllint: ${rule === 'other' ? 'not XML' : rule})`;
      if (reports.length === 0) return 'no report';
      const folder = rel.split(path.sep)[0];
      if (folder === 'failure' && reports.some((r) => r.kind !== 'failure' || !r.sourceIp))
        return 'not read as a failure report with a source IP';
      if (folder === 'smtp_tls' && reports.some((r) => r.kind !== 'tls' || r.policies.length === 0))
        return 'not read as a TLS report';
      return '';
    })();
    if (why) {
      failed.push(`${rel}: ${why}`);
      continue;
    }
    if (reports[0]?.kind === 'aggregate') {
      const want = docs
        .map((d) => expected(d.toString('utf8')))
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
  console.log(
    `${passed} passed, ${failed.length} failed (rules: ${ruled.wellFormed} well-formed XML read, ` +
      `${ruled.lenient} read by a documented leniency, ${ruled.malformed} malformed XML refused, ` +
      `${ruled.empty} empty refused, ${ruled.other} other reports read)`,
  );
  for (const f of failed) console.log(`  FAILED: ${f}`);
  assert.deepEqual(failed, []);
  // Each rule is exercised by the corpus, so none of them can pass vacuously.
  for (const [rule, n] of Object.entries(ruled))
    assert.ok(n > 0, `no corpus file falls under the ${rule} rule`);
});
