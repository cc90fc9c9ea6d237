/**
 * `netdoctor serve` as a server facing people it should not trust: the exposure rule (no token, no
 * address off loopback), the token login (wrong tokens refused, the session rotated), CSRF (a
 * cross-site POST refused), the upload cap (a 5 GB stream stopped at the cap with the server's
 * memory flat), path traversal, escaping and the headers. Plain HTTP, no browser; one server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pcapHeader } from '../capture/craft-pcap.js';
import { runCliCaptured } from '../harness/cli.js';
import { distSkip, rssOf, type Served, startServe } from './serve.js';

const skip = distSkip();
const TOKEN = 'f3b1c0ffee5e1ec7ab1e5eedc0de2026';
const CAP = 64 * 1024 * 1024;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  base: string,
  method: string,
  rawPath: string,
  o: { headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path: rawPath,
        headers: o.headers ?? {},
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const cookieOf = (a: Answer) =>
  (a.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c?.startsWith('nd_session='));
const csrfOf = (a: Answer) => /name="csrf" value="([^"]+)"/.exec(a.body)?.[1] ?? '';

describe('netdoctor serve: security', { skip }, () => {
  let tmp = '';
  let db = '';
  let srv: Served;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const sameSite = () => ({
    'Content-Type': 'application/x-www-form-urlencoded',
    Origin: srv.url,
    'Sec-Fetch-Site': 'same-origin',
  });

  /** A logged-in session: its cookie and CSRF token. */
  async function login(): Promise<{ cookie: string; csrf: string }> {
    const page = await request(srv.url, 'GET', '/login');
    const pre = cookieOf(page) as string;
    const r = await request(srv.url, 'POST', '/login', {
      headers: { ...sameSite(), Cookie: pre },
      body: form({ csrf: csrfOf(page), token: TOKEN }),
    });
    assert.equal(r.status, 303);
    const cookie = cookieOf(r) as string;
    assert.ok(cookie && cookie !== pre, 'a new session id after the login');
    const cap = await request(srv.url, 'GET', '/capture', { headers: { Cookie: cookie } });
    assert.equal(cap.status, 200);
    return { cookie, csrf: csrfOf(cap) };
  }

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nd-web-sec-'));
    db = path.join(tmp, 'store.db');
    const tokenFile = path.join(tmp, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    srv = await startServe(['--db', db, '--token-file', tokenFile, '--max-upload', '64M']);
  });

  after(async () => {
    await srv?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('an address off loopback without a token is refused with one line (exit 2), as is a short token', async () => {
    for (const listen of ['0.0.0.0:0', '[::]:0', '192.0.2.1:8470']) {
      const r = await runCliCaptured(['serve', '--listen', listen, '--db', db]);
      assert.equal(r.status, 2, listen);
      assert.match(r.err, /--listen: .* is not a loopback address/);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
    const short = await runCliCaptured(['serve', '--listen', '127.0.0.1:0', '--token', 'abc', '--db', db]);
    assert.equal(short.status, 2);
    assert.match(short.err, /too short/);
    const bad = await runCliCaptured(['serve', '--listen', '127.0.0.1:99999', '--db', db]);
    assert.equal(bad.status, 2);
  });

  it('every page sends to the login; a wrong token is refused; the right one opens a fresh session', async () => {
    const first = await request(srv.url, 'GET', '/dmarc');
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/login');
    const page = await request(srv.url, 'GET', '/login');
    const pre = cookieOf(page) as string;
    for (const wrong of ['', 'nope', `${TOKEN.slice(0, -1)}0`, `${TOKEN}0`]) {
      const r = await request(srv.url, 'POST', '/login', {
        headers: { ...sameSite(), Cookie: pre },
        body: form({ csrf: csrfOf(page), token: wrong }),
      });
      assert.equal(r.status, 403, `token ${JSON.stringify(wrong)}`);
      assert.match(r.body, /That token is not right/);
      const after = await request(srv.url, 'GET', '/', { headers: { Cookie: pre } });
      assert.equal(after.status, 303, 'still not logged in');
    }
    const { cookie } = await login();
    assert.equal((await request(srv.url, 'GET', '/', { headers: { Cookie: cookie } })).status, 200);
    assert.equal(
      (await request(srv.url, 'GET', '/', { headers: { Cookie: pre } })).status,
      303,
      'the pre-login id is not the session',
    );
    assert.match(srv.log(), /wrong token was refused/);
  });

  it('wrong tokens from one address: after 5 in a minute, 429 (even for the right token); other addresses unaffected', async () => {
    const from = '127.0.0.3'; // a loopback address of its own, so the other tests' logins stay open
    const page = await request(srv.url, 'GET', '/login', { localAddress: from });
    const pre = cookieOf(page) as string;
    const attempt = (token: string) =>
      request(srv.url, 'POST', '/login', {
        headers: { ...sameSite(), Cookie: pre },
        body: form({ csrf: csrfOf(page), token }),
        localAddress: from,
      });
    for (let i = 1; i <= 5; i++) assert.equal((await attempt(`wrong-${i}`)).status, 403, `attempt ${i}`);
    const refused = await attempt('wrong-6');
    assert.equal(refused.status, 429);
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    assert.match(refused.body, /Too many wrong tokens from this address: try again in \d+ s/);
    const right = await attempt(TOKEN);
    assert.equal(right.status, 429, 'the right token waits too');
    assert.equal(cookieOf(right), undefined, 'no session given');
    // The same refusal in Japanese.
    const ja = await request(srv.url, 'POST', '/login?lang=ja', {
      headers: { ...sameSite(), Cookie: pre },
      body: form({ csrf: csrfOf(page), token: TOKEN }),
      localAddress: from,
    });
    assert.equal(ja.status, 429);
    assert.match(ja.body, /このアドレスからの誤ったトークンが多すぎます/);
    // 127.0.0.1 is another client: its login goes through.
    const { cookie } = await login();
    assert.equal((await request(srv.url, 'GET', '/', { headers: { Cookie: cookie } })).status, 200);
    assert.match(srv.log(), /a login from 127\.0\.0\.3 was refused \(too many wrong tokens\)/);
  });

  it('a cross-site POST is refused (Origin, Sec-Fetch-Site, missing or wrong CSRF token)', async () => {
    const { cookie, csrf } = await login();
    const tries: Record<string, string>[] = [
      { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'http://evil.example' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'null' },
    ];
    for (const h of tries) {
      const r = await request(srv.url, 'POST', '/logout', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...h },
        body: form({ csrf }),
      });
      assert.equal(r.status, 403, JSON.stringify(h));
    }
    for (const bad of ['', 'x'.repeat(43), `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`]) {
      const r = await request(srv.url, 'POST', '/logout', {
        headers: { ...sameSite(), Cookie: cookie },
        body: form({ csrf: bad }),
      });
      assert.equal(r.status, 403);
    }
    // A cross-site upload is refused before a byte of it is read.
    const up = await request(srv.url, 'POST', '/capture', {
      headers: {
        Cookie: cookie,
        Origin: 'http://evil.example',
        'Content-Type': 'multipart/form-data; boundary=x',
      },
      body: '--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nnope\r\n--x--\r\n',
    });
    assert.equal(up.status, 403);
    // The raw body (the page's script): cross-site, or without the session's token in its header.
    const raw = { Cookie: cookie, 'Content-Type': 'application/octet-stream' };
    for (const h of <Record<string, string>[]>[
      { Origin: 'http://evil.example', 'X-CSRF-Token': csrf },
      { ...sameSite(), 'Content-Type': 'application/octet-stream' },
      { ...sameSite(), 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': `${csrf}x` },
    ]) {
      const r = await request(srv.url, 'POST', '/capture', { headers: { ...raw, ...h }, body: 'GIF89a' });
      assert.equal(r.status, 403, JSON.stringify(h));
    }
    assert.equal(
      (await request(srv.url, 'GET', '/', { headers: { Cookie: cookie } })).status,
      200,
      'still logged in',
    );
    const out = await request(srv.url, 'POST', '/logout', {
      headers: { ...sameSite(), Cookie: cookie },
      body: form({ csrf }),
    });
    assert.equal(out.status, 303);
    assert.equal(
      (await request(srv.url, 'GET', '/', { headers: { Cookie: cookie } })).status,
      303,
      'logged out',
    );
  });

  it('a 5 GB upload is refused at the cap, the server reading no further and its memory flat', async () => {
    const { cookie, csrf } = await login();
    const pid = srv.child.pid as number;
    const u = new URL(srv.url);
    const boundary = 'nd5gb';
    // The two shapes of upload: the form's multipart body, and the raw file the page's script sends.
    const kinds = {
      form: {
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
        head: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="capture"; filename="huge.pcap"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        tail: `\r\n--${boundary}--\r\n`,
      },
      raw: {
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-CSRF-Token': csrf,
          'X-Capture-Name': 'huge.pcap',
        },
        head: Buffer.alloc(0),
        tail: '',
      },
    };
    for (const [name, kind] of Object.entries(kinds)) {
      // Declared too large: refused from the header alone.
      const declared = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            method: 'POST',
            path: '/capture',
            headers: {
              ...sameSite(),
              Cookie: cookie,
              ...kind.headers,
              'Content-Length': String(5 * 1024 ** 3),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on('error', reject);
        req.write(kind.head.length ? kind.head : Buffer.alloc(24));
      });
      assert.equal(declared, 413, name);

      // Streamed without a length: a valid pcap whose packets go on for 5 GB.
      const global = pcapHeader(65535);
      const frame = 1000;
      const record = Buffer.alloc(16 + frame);
      record.writeUInt32LE(frame, 8);
      record.writeUInt32LE(frame, 12);
      record.write('020000000002020000000001', 16, 'hex');
      record.writeUInt16BE(0x88b5, 28);
      const chunk = Buffer.concat(Array.from({ length: 256 }, () => record));
      const base = rssOf(pid);
      let peak = base;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(pid));
      }, 50);
      let sent = 0;
      const total = 5 * 1024 ** 3;
      const outcome = await new Promise<string>((resolve) => {
        let stop = false;
        const req = http.request({
          host: u.hostname,
          port: u.port,
          method: 'POST',
          path: '/capture',
          headers: { ...sameSite(), Cookie: cookie, ...kind.headers, 'Transfer-Encoding': 'chunked' },
        });
        req.on('response', (res) => {
          stop = true;
          res.resume();
          resolve(`status ${res.statusCode}`);
        });
        req.on('error', (e) => {
          stop = true;
          resolve(`error ${(e as NodeJS.ErrnoException).code}`);
        });
        const pump = () => {
          while (!stop && sent < total) {
            const part = sent === 0 ? Buffer.concat([kind.head, global, chunk]) : chunk;
            sent += part.length;
            if (!req.write(part)) {
              req.once('drain', pump);
              return;
            }
          }
          if (!stop) req.end(kind.tail);
        };
        pump();
      });
      clearInterval(sampler);
      const growth = peak - base;
      process.stdout.write(
        `# 5 GB upload (${name}): ${outcome} after ${(sent / 2 ** 20).toFixed(0)} MiB sent (cap ${CAP / 2 ** 20} MiB); server RSS ${(base / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB\n`,
      );
      assert.ok(
        outcome === 'status 413' || /^error (ECONNRESET|EPIPE)$/.test(outcome),
        `${name}: ${outcome}`,
      );
      assert.ok(sent < 4 * CAP, `${name}: stopped near the cap, not after ${sent} bytes`);
      assert.ok(growth < 96 * 2 ** 20, `${name}: RSS grew ${(growth / 2 ** 20).toFixed(0)} MiB`);
      // The server is still there and serves.
      assert.equal((await request(srv.url, 'GET', '/capture', { headers: { Cookie: cookie } })).status, 200);
    }
  });

  it('path traversal in any URL is refused, and nothing but the routes is ever served', async () => {
    const { cookie } = await login();
    for (const p of [
      '/../../../../etc/passwd',
      '/static/../../../../etc/passwd',
      '/static/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/static/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
      '/capture/..%2f..%2fetc%2fpasswd',
      '/static/app.css%00.png',
      '/static/app.css/..',
      '//etc/passwd',
      '/etc/passwd',
      '/dmarc/../../etc/passwd?since=7d',
    ]) {
      const r = await request(srv.url, 'GET', p, { headers: { Cookie: cookie } });
      assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
      assert.doesNotMatch(r.body, /root:|daemon:/);
    }
    assert.equal(
      (await request(srv.url, 'GET', 'http://evil.example/etc/passwd', { headers: { Cookie: cookie } }))
        .status,
      400,
    );
  });

  it('headers on every answer, input escaped, errors without a stack', async () => {
    const { cookie } = await login();
    const r = await request(
      srv.url,
      'GET',
      '/dmarc?domain=%3Cscript%3Ealert(1)%3C%2Fscript%3E&since=%22%3E%3Cimg',
      {
        headers: { Cookie: cookie },
      },
    );
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.body, /<script|<img/i);
    assert.match(r.body, /&#60;script&#62;/);
    for (const a of [r, await request(srv.url, 'GET', '/nothing-here', { headers: { Cookie: cookie } })]) {
      assert.equal(
        a.headers['content-security-policy'],
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      assert.equal(a.headers['x-content-type-options'], 'nosniff');
      assert.equal(a.headers['x-frame-options'], 'DENY');
      assert.ok(a.headers['referrer-policy']);
      assert.doesNotMatch(a.body, /at .+\.(js|ts):\d+|node:internal/);
    }
    assert.equal((await request(srv.url, 'DELETE', '/', { headers: { Cookie: cookie } })).status, 405);
    const setCookie = (await request(srv.url, 'GET', '/login')).headers['set-cookie']?.join(';') ?? '';
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
  });
});
