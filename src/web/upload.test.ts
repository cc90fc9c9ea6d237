import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { corpusDir, corpusSkip } from '../../test/harness/corpus.js';
import { analyzeUpload, type UploadOutcome } from './upload.js';

/** An upload through a real socket, analysed on the worker (`threads` true) or on this thread. */
let url = '';
const server = createServer((req, res) => {
  const threads = req.url !== '/here';
  analyzeUpload(req, { maxBytes: 64 * 2 ** 20, csrf: 'c'.repeat(32), id: 'x', threads }).then((out) => {
    if (out.kind === 'ok') out.result.at = 0;
    res.end(JSON.stringify(out));
  });
});

function upload(path: string, body: Buffer, chunk = 7919): Promise<UploadOutcome> {
  const boundary = '----WebKitFormBoundaryu7Zq3xQw0PbT1kLm';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${'c'.repeat(32)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="capture"; filename="t.pcap"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const all = Buffer.concat([head, body, tail]);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': all.length,
        },
      },
      (res) => {
        let s = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          s += d;
        });
        res.on('end', () => resolve(JSON.parse(s) as UploadOutcome));
      },
    );
    req.on('error', reject);
    // Odd-sized writes, so records and the boundary fall across chunks.
    for (let i = 0; i < all.length; i += chunk) req.write(all.subarray(i, i + chunk));
    req.end();
  });
}

/** A pcap (Ethernet) with the given frames, each an IPv4/UDP packet padded to its length. */
function pcap(lengths: number[], snaplen = 16 * 2 ** 20): Buffer {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(snaplen, 16);
  h.writeUInt32LE(1, 20);
  parts.push(h);
  lengths.forEach((len, i) => {
    const r = Buffer.alloc(16 + len);
    r.writeUInt32LE(1_700_000_000 + i, 0);
    r.writeUInt32LE(len, 8);
    r.writeUInt32LE(len, 12);
    const f = r.subarray(16);
    f.writeUInt16BE(0x0800, 12); // IPv4
    f[14] = 0x45;
    f.writeUInt16BE(Math.min(len - 14, 0xffff), 16);
    f[23] = 17; // UDP
    f.set([192, 0, 2, 1 + (i % 3), 198, 51, 100, 7], 26);
    f.writeUInt16BE(40000 + (i % 5), 34);
    f.writeUInt16BE(5000, 36);
    f.writeUInt16BE(Math.min(len - 34, 0xffff), 38);
    parts.push(r);
  });
  return Buffer.concat(parts);
}

async function same(body: Buffer, chunk?: number): Promise<UploadOutcome> {
  const [worker, here] = await Promise.all([upload('/worker', body, chunk), upload('/here', body, chunk)]);
  assert.deepEqual(worker, here);
  return worker;
}

describe('capture upload: the worker thread gives what the single-threaded path gives', () => {
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('a capture of many small frames, plain and gzip-compressed', async () => {
    const body = pcap(Array.from({ length: 30_000 }, (_, i) => 60 + ((i * 37) % 1400)));
    const plain = await same(body);
    assert.equal(plain.kind, 'ok');
    if (plain.kind === 'ok') assert.equal(plain.result.summary.packets, 30_000);
    const gz = await same(gzipSync(body), 65_536);
    assert.equal(gz.kind, 'ok');
    if (gz.kind === 'ok' && plain.kind === 'ok') {
      assert.equal(gz.result.summary.compressed, true);
      assert.deepEqual(gz.result.conversations, plain.result.conversations);
    }
  });

  it('a frame longer than every buffer of the pool (no deadlock, the same result)', async () => {
    const out = await same(pcap([100, 9 * 2 ** 20, 200, 3 * 2 ** 20 + 5, 80]), 1 << 20);
    assert.equal(out.kind, 'ok');
    if (out.kind === 'ok') assert.equal(out.result.summary.packets, 5);
  });

  it('a truncated capture and a file that is no capture', async () => {
    const cut = await same(pcap([1500, 1500, 1500]).subarray(0, 2000));
    assert.equal(cut.kind, 'ok');
    if (cut.kind === 'ok') assert.match(cut.result.error ?? '', /ends in the middle of a packet record/);
    const junk = await same(Buffer.from('GIF89a, not a capture at all'));
    assert.equal(junk.kind, 'unreadable');
  });

  it('a corpus capture (pcapng, several interfaces)', { skip: corpusSkip('wireshark') }, async () => {
    const dir = corpusDir('wireshark') as string;
    for (const f of ['dhcp.pcapng', 'challenge01_ooo_stream.pcapng.gz']) {
      const out = await same(readFileSync(`${dir}/${f}`));
      assert.equal(out.kind, 'ok', f);
    }
  });
});
