/**
 * A file the user named is never harmed: `pcap write -o` and `pcap io --chart` refuse an output
 * that is the input under any of six spellings (the same name, `./`, absolute, `../dir/`, a symlink,
 * a hard link) with one line and exit 2, and leave the input byte-identical. Regression: the input
 * ended at 24 bytes (the pcap header) when the output named it by another spelling.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PcapngWriter } from '../../src/capture/write/index.js';
import { type CliRun, runCliCaptured } from '../harness/cli.js';

const ESP = fileURLToPath(new URL('../fixtures/vpn/esp-one-way.pcap', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'nd-same-file-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder `work/` holding c.pcap, a symlink and a hard link to it. */
function workFolder(name: string): string {
  const dir = path.join(root, name, 'work');
  mkdirSync(dir, { recursive: true });
  copyFileSync(ESP, path.join(dir, 'c.pcap'));
  symlinkSync('c.pcap', path.join(dir, 'sym.pcap'));
  linkSync(path.join(dir, 'c.pcap'), path.join(dir, 'hard.pcap'));
  return dir;
}

const SPELLINGS = (dir: string): [string, string][] => [
  ['the same name', 'c.pcap'],
  ['./', './c.pcap'],
  ['an absolute path', path.join(dir, 'c.pcap')],
  ['../dir/', '../work/c.pcap'],
  ['a symlink', 'sym.pcap'],
  ['a hard link', 'hard.pcap'],
];

/** Runs the CLI in `dir` so that relative spellings mean what a user in that folder means. */
async function inFolder(dir: string, args: string[]): Promise<CliRun> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await runCliCaptured(args);
  } finally {
    process.chdir(before);
  }
}

function assertRefused(r: CliRun, dir: string, label: string): void {
  const original = readFileSync(ESP);
  assert.equal(r.status, 2, `${label}: ${r.err}`);
  assert.match(r.err, /^netdoctor: .*is the input.*\n$/, label);
  assert.deepEqual(readFileSync(path.join(dir, 'c.pcap')), original, `${label}: the input changed`);
  assert.deepEqual(
    readdirSync(dir).sort(),
    ['c.pcap', 'hard.pcap', 'sym.pcap'],
    `${label}: a temporary file was left`,
  );
}

test('pcap write: an output that is the input, in six spellings, is refused and the input kept', async () => {
  const dir = workFolder('write');
  for (const [label, output] of SPELLINGS(dir)) {
    const r = await inFolder(dir, ['pcap', 'write', 'c.pcap', '-o', output]);
    assertRefused(r, dir, label);
    const j = await inFolder(dir, ['pcap', 'write', 'c.pcap', '-o', output, '--format', 'pcapng']);
    assertRefused(j, dir, `${label} (pcapng)`);
  }
  // The input named by another spelling (through the symlink) is still the same file.
  const viaLink = await inFolder(dir, ['pcap', 'write', 'sym.pcap', '-o', '../work/hard.pcap']);
  assertRefused(viaLink, dir, 'input through a symlink, output through a hard link');
});

test('pcap io --chart: a chart that is the input, in six spellings, is refused and the input kept', async () => {
  const dir = workFolder('chart');
  for (const [label, output] of SPELLINGS(dir)) {
    const r = await inFolder(dir, ['pcap', 'io', 'c.pcap', '--chart', output]);
    assertRefused(r, dir, label);
  }
});

test('pcap write and io --chart replace an existing output whole, through a temporary file', async () => {
  const dir = workFolder('replace');
  const w = await inFolder(dir, ['pcap', 'write', 'c.pcap', '-o', 'out.pcap', '--filter', 'esp']);
  assert.equal(w.status, 0, w.err);
  const again = await inFolder(dir, ['pcap', 'write', 'c.pcap', '-o', 'out.pcap', '--filter', 'isakmp']);
  assert.equal(again.status, 0, again.err);
  assert.match(again.out, /4 of 9 packets written to out\.pcap/);
  const c = await inFolder(dir, ['pcap', 'io', 'c.pcap', '--chart', 'io.svg']);
  assert.equal(c.status, 0, c.err);
  assert.match(readFileSync(path.join(dir, 'io.svg'), 'utf8'), /^<svg|^<\?xml/);
  assert.deepEqual(readdirSync(dir).sort(), ['c.pcap', 'hard.pcap', 'io.svg', 'out.pcap', 'sym.pcap']);
  assert.deepEqual(readFileSync(path.join(dir, 'c.pcap')), readFileSync(ESP));
});

test('scan --xml over its own --ca file is refused before the scan, and the CA file kept', async () => {
  const dir = workFolder('scan');
  const ca = path.join(dir, 'ca.pem');
  copyFileSync(ESP, ca);
  const r = await inFolder(dir, [
    'scan',
    '127.0.0.1',
    '-p',
    '1',
    '--ca',
    'ca.pem',
    '--xml',
    '../work/ca.pem',
  ]);
  assert.equal(r.status, 2, r.err);
  assert.match(r.err, /^netdoctor: --xml: .*is the input ca\.pem.*\n$/);
  assert.deepEqual(readFileSync(ca), readFileSync(ESP));
});

test('dmarc ingest --db naming one of the reports is refused, and the report kept', async () => {
  const dir = workFolder('dmarc');
  const report = fileURLToPath(
    new URL('../fixtures/dmarc/reporter.example!example.test!1700000000!1700086399.xml', import.meta.url),
  );
  copyFileSync(report, path.join(dir, 'r.xml'));
  const r = await inFolder(dir, ['dmarc', 'ingest', 'r.xml', '--db', './r.xml']);
  assert.equal(r.status, 2, r.err);
  assert.match(r.err, /^netdoctor: --db: .*is the input r\.xml/);
  assert.deepEqual(readFileSync(path.join(dir, 'r.xml')), readFileSync(report));
});

test('pcap write - -o c.pcap < c.pcap: stdin that is the output file is refused too', async () => {
  const dir = workFolder('stdin');
  const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
  const fd = openSync(path.join(dir, 'c.pcap'), 'r');
  try {
    const r = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), bin, 'pcap', 'write', '-', '-o', 'hard.pcap'],
      {
        cwd: dir,
        stdio: [fd, 'pipe', 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C' },
        timeout: 60_000,
      },
    );
    assertRefused(
      { status: r.status ?? -1, out: r.stdout, err: r.stderr },
      dir,
      'stdin redirected from the output',
    );
    assert.match(r.stderr, /is the input stdin/);
  } finally {
    closeSync(fd);
  }
});

test('a write that fails half way leaves the existing output as it was, and no temporary file', async () => {
  const dir = workFolder('half');
  // A pcapng with an Ethernet frame then a raw-IP frame: a classic pcap cannot hold both, so the
  // write fails at the second packet, after the first was written.
  const mixed = path.join(dir, 'mixed.pcapng');
  const w = new PcapngWriter(mixed);
  const frame = (linkType: number, interfaceId: number, data: Uint8Array) => ({
    tsSec: 1_700_000_000,
    tsNsec: 0,
    originalLength: data.length,
    capturedLength: data.length,
    linkType,
    interfaceId,
    data,
    offset: 0,
  });
  w.write(frame(1, 0, new Uint8Array(60)));
  w.write(
    frame(101, 1, Uint8Array.from([0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1])),
  );
  w.close();
  const previous = path.join(dir, 'previous.pcap');
  copyFileSync(ESP, previous);
  const r = await inFolder(dir, ['pcap', 'write', 'mixed.pcapng', '-o', 'previous.pcap']);
  assert.equal(r.status, 2, r.err);
  assert.match(r.err, /write \.pcapng instead/);
  assert.deepEqual(readFileSync(previous), readFileSync(ESP), 'the earlier output was kept');
  assert.deepEqual(readdirSync(dir).sort(), [
    'c.pcap',
    'hard.pcap',
    'mixed.pcapng',
    'previous.pcap',
    'sym.pcap',
  ]);
});
