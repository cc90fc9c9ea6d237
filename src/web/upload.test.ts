import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { corpusDir, corpusSkip } from '../../test/harness/corpus.js';
import { analyzeUpload, CaptureWorkers, CSRF_HEADER, NAME_HEADER, type UploadOutcome } from './upload.js';

const CSRF = 'c'.repeat(32);
const CAP = 64 * 2 ** 20;

/** An upload through a real socket, analysed on the worker (`threads` true) or on this thread. */
let url = '';
/** Each outcome as the server saw it, by the request's `x-test` header (a refused body's client may see a reset). */
const seen = new Map<string, UploadOutcome>();
/** `/warm`: the worker comes from a CaptureWorkers (started ahead, as the dashboard does). */
const workers = new CaptureWorkers();
const server = createServer((req, res) => {
  const threads = req.url !== '/here';
  const opts = req.url === '/warm' ? { workers } : {};
  analyzeUpload(req, { maxBytes: CAP, csrf: CSRF, id: 'x', threads, ...opts }).then((out) => {
    if (out.kind === 'ok') out.result.at = 0;
    seen.set(String(req.headers['x-test']), out);
    res.setHeader('Connection', 'close');
    res.end(JSON.stringify(out));
  });
});
let tests = 0;

/**
 * The file as the request's body, as the capture page's script sends it (`headers` replace the
 * token and name headers); without a length (chunked) when `length` is false.
 */
function uploadRaw(
  path: string,
  body: Buffer,
  o: { chunk?: number; headers?: Record<string, string>; length?: boolean } = {},
): Promise<UploadOutcome> {
  const chunk = o.chunk ?? 7919;
  const id = String(++tests);
  return new Promise<void>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: 'POST',
        headers: {
          'x-test': id,
          'Content-Type': 'application/octet-stream',
          ...(o.length === false ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': body.length }),
          ...(o.headers ?? { [CSRF_HEADER]: CSRF, [NAME_HEADER]: 't.pcap' }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    // A refused body's connection may close under the client while it still writes.
    req.on('error', (e) =>
      /^(EPIPE|ECONNRESET)$/.test(String((e as NodeJS.ErrnoException).code)) ? resolve() : reject(e),
    );
    for (let i = 0; i < body.length; i += chunk) req.write(body.subarray(i, i + chunk));
    req.end();
  }).then(async () => {
    for (let i = 0; i < 100 && !seen.has(id); i++) await new Promise((r) => setTimeout(r, 20));
    const out = seen.get(id);
    assert.ok(out, `the server answered upload ${id}`);
    return out;
  });
}

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

/**
 * The same upload four ways — multipart and raw body, each on the worker and on this thread — must
 * give one result.
 */
async function same(body: Buffer, chunk?: number): Promise<UploadOutcome> {
  const [worker, here, rawWorker, rawHere] = await Promise.all([
    upload('/worker', body, chunk),
    upload('/here', body, chunk),
    uploadRaw('/worker', body, chunk !== undefined ? { chunk } : {}),
    uploadRaw('/here', body, chunk !== undefined ? { chunk } : {}),
  ]);
  assert.deepEqual(worker, here);
  assert.deepEqual(rawWorker, rawHere);
  assert.deepEqual(rawWorker, worker);
  // One at a time on the dashboard: a worker started ahead, then the next one started after it.
  workers.prestart();
  assert.deepEqual(await uploadRaw('/warm', body, chunk !== undefined ? { chunk } : {}), worker);
  assert.deepEqual(await upload('/warm', body, chunk), worker);
  return worker;
}

describe('capture upload: the worker thread gives what the single-threaded path gives', () => {
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    workers.close();
    return new Promise<void>((r) => server.close(() => r()));
  });

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

  it('frames spanning several buffers of the pool, up to the largest a capture may hold (no deadlock, the same result)', async () => {
    const out = await same(pcap([100, 16 * 2 ** 20 - 64, 200, 9 * 2 ** 20 + 5, 80]), 1 << 20);
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

  it('a raw body without the CSRF token, or with a wrong one, is refused before it is read', async () => {
    const body = pcap([100, 200]);
    for (const headers of [
      {} as Record<string, string>,
      { [CSRF_HEADER]: 'x'.repeat(32) },
      { [CSRF_HEADER]: '' },
    ]) {
      const out = await uploadRaw('/worker', body, { headers });
      assert.equal(out.kind, 'forbidden', JSON.stringify(headers));
    }
  });

  it('a raw body above the cap is refused: declared, or streamed without a length', async () => {
    const big = pcap(Array.from({ length: 70 }, () => 2 ** 20));
    assert.ok(big.length > CAP);
    assert.equal((await uploadRaw('/worker', big, { chunk: 1 << 20 })).kind, 'too-large');
    for (const path of ['/worker', '/here'])
      assert.equal((await uploadRaw(path, big, { chunk: 1 << 20, length: false })).kind, 'too-large', path);
    // At the cap exactly: read whole.
    const at = big.subarray(0, CAP);
    const out = await uploadRaw('/worker', at, { chunk: 1 << 20, length: false });
    assert.equal(out.kind, 'ok');
  });

  it('a raw body: the name from its header (percent-encoded UTF-8); no encoding, or a path, gives a safe name', async () => {
    const body = pcap([100]);
    const ja = await uploadRaw('/worker', body, {
      headers: { [CSRF_HEADER]: CSRF, [NAME_HEADER]: encodeURIComponent('事務所 capture.pcap') },
    });
    assert.equal(ja.kind === 'ok' && ja.result.name, '事務所 capture.pcap');
    const bad = await uploadRaw('/worker', body, {
      headers: { [CSRF_HEADER]: CSRF, [NAME_HEADER]: '%E0%A4%A' },
    });
    assert.equal(bad.kind === 'ok' && bad.result.name, 'upload');
    const path = await uploadRaw('/worker', body, {
      headers: { [CSRF_HEADER]: CSRF, [NAME_HEADER]: encodeURIComponent('../../etc/passwd') },
    });
    assert.equal(path.kind === 'ok' && path.result.name, 'passwd');
  });
});
