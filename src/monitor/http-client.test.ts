/**
 * The lean HTTP client against canned responses from a raw loopback server, each sent whole and
 * one byte at a time: the framing (Content-Length, chunked, until close, 1xx, 204) must give the
 * same status, size and body whatever the split; malformed framing is HPE_INVALID.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { httpGet } from './http-client.js';

const HOST = '127.61.7.1';
let server: net.Server;
let port = 0;
/** What the server answers next, and whether it sends it one byte at a time. */
let reply = '';
let dribble = false;

before(async () => {
  server = net.createServer((s) => {
    s.once('data', async () => {
      if (!dribble) return s.end(reply);
      for (const ch of Buffer.from(reply)) {
        if (s.destroyed) return;
        s.write(Buffer.from([ch]));
        await new Promise((r) => setImmediate(r));
      }
      s.end();
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, HOST, () => r()));
  port = (server.address() as net.AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function get(keepBody = true) {
  return httpGet({
    secure: false,
    host: HOST,
    port,
    path: '/',
    hostHeader: HOST,
    certName: HOST,
    keepBody,
    signal: AbortSignal.timeout(3000),
    started: performance.now(),
  });
}

const CASES: { name: string; reply: string; status: number; body: string; location?: string }[] = [
  {
    name: 'Content-Length',
    reply: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA',
    status: 200,
    body: 'hello',
  },
  {
    name: 'chunked with an extension and a trailer',
    reply:
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n8\r\n monitor\r\n0\r\nX-T: 1\r\n\r\n',
    status: 200,
    body: 'hello monitor',
  },
  { name: 'until close', reply: 'HTTP/1.0 404 Not Found\r\n\r\nnot here\n', status: 404, body: 'not here\n' },
  {
    name: 'a 100 Continue before the answer',
    reply: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n',
    status: 302,
    body: '',
    location: '/ok',
  },
  { name: '204 without a body', reply: 'HTTP/1.1 204 No Content\r\n\r\n', status: 204, body: '' },
  {
    name: 'bare LF line ends',
    reply: 'HTTP/1.1 500 Broken\nContent-Length: 2\n\nno',
    status: 500,
    body: 'no',
  },
];

describe('httpGet', () => {
  for (const c of CASES) {
    for (const split of [false, true]) {
      test(`${c.name}${split ? ', one byte at a time' : ''}`, async () => {
        reply = c.reply;
        dribble = split;
        const e = await get();
        assert.equal(e.status, c.status);
        assert.equal(e.body, c.body);
        assert.equal(e.bytes, Buffer.byteLength(c.body));
        assert.equal(e.location, c.location);
      });
    }
  }

  test('the body is counted but not kept when no keyword is searched', async () => {
    reply = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
    dribble = false;
    const e = await get(false);
    assert.equal(e.bytes, 3);
    assert.equal(e.body, '');
  });

  for (const [name, bad] of [
    ['garbage instead of a status line', 'SSH-2.0-OpenSSH_9.2\r\n\r\n'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a head past 16 KiB', `HTTP/1.1 200 OK\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`],
  ]) {
    test(`${name} is HPE_INVALID`, async () => {
      reply = bad as string;
      dribble = false;
      await assert.rejects(get(), (e: Error & { code?: string }) => e.code === 'HPE_INVALID');
    });
  }

  test('a connection closed before any byte is a hang-up', async () => {
    reply = '';
    dribble = false;
    await assert.rejects(get(), /socket hang up/);
  });

  test('a body cut short of its Content-Length is an error', async () => {
    reply = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc';
    dribble = false;
    await assert.rejects(get(), (e: Error & { code?: string }) => e.code === 'ECONNRESET');
  });
});
