/**
 * `--json` on exit 2: the README promises one JSON document on stdout for every run, so a script
 * that asked for JSON gets `{ command, error: { code, message, input }, findings: [] }` when the
 * command could not do its work (a usage error, an unreadable input, a dead DNS server), beside
 * the one line on stderr. Regression: stdout was empty in 195 of 201 such runs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../harness/cli.js';

const ESP = fileURLToPath(new URL('../fixtures/vpn/esp-one-way.pcap', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'nd-json-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const MISSING = path.join(dir, 'missing');
const DEAD = ['--server', '127.0.0.1:1', '--timeout', '0.2', '--retries', '0'];

interface ErrorDoc {
  command: string;
  error: { code: string; message: string; input: string | null; offset?: number };
  findings: unknown[];
}

async function errorDoc(args: string[], stdin?: Buffer): Promise<ErrorDoc> {
  const r = await runCliCaptured([...args, '--json'], stdin ? { stdin } : {});
  assert.equal(r.status, 2, `${args.join(' ')}: ${r.err}`);
  assert.equal(r.err.split('\n').filter(Boolean).length, 1, `${args.join(' ')}: one line on stderr`);
  assert.notEqual(r.out, '', `${args.join(' ')}: nothing on stdout`);
  return JSON.parse(r.out) as ErrorDoc;
}

test('a usage error, with --json: the error document on stdout, code ND_USAGE', async () => {
  const cases: [string[], string, string | null][] = [
    [['dns', 'lookup', 'example.test', '--bogus'], 'dns lookup', null],
    [['dns', 'lookup'], 'dns lookup', 'dns lookup'],
    [['pcap', 'summary', ESP, '--top', 'lots'], 'pcap summary', null],
    [['pcap', 'write', ESP], 'pcap write', '--output'],
    [['pcap', 'find', ESP, '--filter', 'ip.src =='], 'pcap find', null],
    [['scan', '127.0.0.1', '-p', '70000'], 'scan', null],
    [['mail', 'headers', ESP, '--max-size', 'lots'], 'mail headers', '--max-size'],
    [['nosuchcommand'], 'nosuchcommand', 'nosuchcommand'],
  ];
  for (const [args, command, input] of cases) {
    const doc = await errorDoc(args);
    assert.equal(doc.command, command, args.join(' '));
    assert.equal(doc.error.code, 'ND_USAGE', args.join(' '));
    assert.ok(doc.error.message.length > 0);
    if (input !== null) assert.equal(doc.error.input, input, args.join(' '));
    assert.ok('input' in doc.error, 'input is always present (null when none)');
    assert.deepEqual(doc.findings, []);
  }
});

test('an unreadable input, with --json: code ND_INPUT_UNREADABLE naming the file, in every reader', async () => {
  const cases: [string[], string][] = [
    [['pcap', 'summary', MISSING], 'pcap summary'],
    [['pcap', 'find', MISSING], 'pcap find'],
    [['pcap', 'io', MISSING, '--chart', path.join(dir, 'c.svg')], 'pcap io'],
    [['mail', 'headers', MISSING], 'mail headers'],
    [['dmarc', 'ingest', MISSING, '--db', path.join(dir, 'h.db')], 'dmarc ingest'],
    [['dmarc', 'read', MISSING], 'dmarc read'],
  ];
  for (const [args, command] of cases) {
    const doc = await errorDoc(args);
    assert.equal(doc.command, command);
    assert.equal(doc.error.code, 'ND_INPUT_UNREADABLE', args.join(' '));
    assert.equal(doc.error.input, MISSING, args.join(' '));
    assert.deepEqual(doc.findings, []);
  }
});

test('a dead DNS server (127.0.0.1:1), with --json: code ND_DNS_UNREACHABLE naming the server', async () => {
  const cases: [string[], string][] = [
    [['dns', 'lookup', 'example.test', ...DEAD], 'dns lookup'],
    [['dns', 'reverse', '192.0.2.1', ...DEAD], 'dns reverse'],
    [['mail', 'audit', 'example.test', ...DEAD], 'mail audit'],
  ];
  for (const [args, command] of cases) {
    const doc = await errorDoc(args);
    assert.equal(doc.command, command);
    assert.equal(doc.error.code, 'ND_DNS_UNREACHABLE', args.join(' '));
    assert.equal(doc.error.input, '127.0.0.1:1', args.join(' '));
    assert.deepEqual(doc.findings, []);
  }
});

test('a capture damaged half way, with --json: one document with the results so far and the error', async () => {
  const whole = (await import('node:fs')).readFileSync(ESP);
  const cut = path.join(dir, 'cut.pcap');
  writeFileSync(cut, whole.subarray(0, whole.length - 10));
  const r = await runCliCaptured(['pcap', 'summary', cut, '--json']);
  assert.equal(r.status, 2, r.err);
  const doc = JSON.parse(r.out) as ErrorDoc & { summary: { packets: number } };
  assert.equal(doc.command, 'pcap summary');
  assert.equal(doc.error.code, 'ND_CAPTURE_TRUNCATED');
  assert.equal(doc.error.input, cut);
  assert.equal(typeof doc.error.offset, 'number');
  assert.ok(doc.summary.packets > 0);
});
