import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNetdoctorError } from '../core/errors.js';
import {
  checkExposure,
  clientKey,
  cookies,
  isLoopback,
  LoginThrottle,
  parseListen,
  parseSize,
  SECURITY_HEADERS,
  Sessions,
  sameOrigin,
  sameSecret,
  traversal,
} from './security.js';

const refused = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => isNetdoctorError(e) && e.code === 'ND_USAGE' && re.test(e.message));

describe('web security', () => {
  it('parses listen addresses and refuses what is not one', () => {
    assert.deepEqual(parseListen('127.0.0.1:8470'), { host: '127.0.0.1', port: 8470 });
    assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
    assert.deepEqual(parseListen('localhost:80'), { host: 'localhost', port: 80 });
    assert.deepEqual(parseListen('9000'), { host: '127.0.0.1', port: 9000 });
    for (const bad of [
      '',
      'host',
      'example.org:80',
      '127.0.0.1:',
      '127.0.0.1:65536',
      '[::1]',
      '[zz]:80',
      '1.2.3:80',
      '127.0.0.1:-1',
    ])
      refused(() => parseListen(bad), /not an address and port/);
  });

  it('loopback only, unless a token of 16 characters or more', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', 'localhost'])
      assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '::', '192.0.2.1', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1'])
      assert.ok(!isLoopback(h), h);
    assert.doesNotThrow(() => checkExposure({ host: '127.0.0.1', port: 0 }, undefined));
    refused(
      () => checkExposure({ host: '0.0.0.0', port: 0 }, undefined),
      /0\.0\.0\.0 is not a loopback address/,
    );
    refused(() => checkExposure({ host: '127.0.0.1', port: 0 }, 'short'), /too short/);
    assert.doesNotThrow(() => checkExposure({ host: '0.0.0.0', port: 0 }, 'x'.repeat(16)));
  });

  it('compares secrets whatever their lengths', () => {
    assert.ok(sameSecret('a-token-of-some-length', 'a-token-of-some-length'));
    assert.ok(!sameSecret('a-token-of-some-length', 'a-token-of-some-lengtH'));
    assert.ok(!sameSecret('', 'a-token-of-some-length'));
    assert.ok(!sameSecret('a-token-of-some-length-and-more', 'a-token-of-some-length'));
  });

  it('finds traversal in raw paths, encoded or not', () => {
    for (const p of [
      '/../etc/passwd',
      '/a/..',
      '/%2e%2e/x',
      '/%2E%2E%2Fx',
      '/a%5c..%5cb',
      '/a\\b',
      '/x%00',
      '/%252e%252e/x',
      '/%zz',
    ])
      assert.ok(traversal(p), p);
    for (const p of ['/', '/dmarc', '/capture/0123456789abcdef01234567', '/static/app.css', '/a..b', '/...'])
      assert.ok(!traversal(p), p);
  });

  it('reads sizes', () => {
    assert.equal(parseSize('2G', 'max-upload'), 2 * 1024 ** 3);
    assert.equal(parseSize('500M', 'max-upload'), 500 * 1024 ** 2);
    assert.equal(parseSize('64KiB', 'max-upload'), 64 * 1024);
    assert.equal(parseSize('1048576', 'max-upload'), 1048576);
    for (const bad of ['', 'G', '-1', '0', '2X', '1e9'])
      refused(() => parseSize(bad, 'max-upload'), /not a size/);
  });

  it('keeps sessions bounded and ending', () => {
    const s = new Sessions(3, 1000);
    const a = s.create(false, 0);
    const b = s.create(false, 0);
    assert.equal(s.get(a.id, 10)?.id, a.id); // a is now the most recently seen
    s.create(false, 20);
    s.create(false, 30); // evicts b, the least recently seen
    assert.equal(s.get(b.id, 40), undefined);
    assert.equal(s.get(a.id, 40)?.id, a.id);
    assert.equal(s.get(a.id, 2000), undefined, 'expired');
    assert.equal(s.get('not-an-id'), undefined);
    assert.notEqual(a.csrf, a.id);
    assert.match(a.id, /^[A-Za-z0-9_-]{43}$/);
    // A flood of anonymous sessions does not push out a logged-in one.
    const t = new Sessions(3, 1000);
    const admin = t.create(true, 0);
    for (let i = 0; i < 50; i++) t.create(false, i);
    assert.equal(t.get(admin.id, 60)?.id, admin.id);
  });

  it('tells same-origin requests from cross-site ones', () => {
    const host = '127.0.0.1:8470';
    assert.ok(sameOrigin({ host, origin: 'http://127.0.0.1:8470', 'sec-fetch-site': 'same-origin' }));
    assert.ok(sameOrigin({ host }), 'no browser headers (curl)');
    assert.ok(sameOrigin({ host, origin: 'null', 'sec-fetch-site': 'same-origin' }));
    assert.ok(!sameOrigin({ host, origin: 'null' }));
    assert.ok(!sameOrigin({ host, origin: 'http://evil.example' }));
    assert.ok(!sameOrigin({ host, origin: 'http://127.0.0.1:8471' }));
    assert.ok(!sameOrigin({ host, 'sec-fetch-site': 'cross-site' }));
    assert.ok(!sameOrigin({ host, 'sec-fetch-site': 'same-site' }));
    assert.ok(!sameOrigin({ origin: 'http://127.0.0.1:8470' }), 'no Host');
  });

  it('reads cookies and sets a policy without script', () => {
    assert.deepEqual(
      [...cookies('a=1; nd_session=xyz; a=2')],
      [
        ['a', '1'],
        ['nd_session', 'xyz'],
      ],
    );
    assert.deepEqual([...cookies(undefined)], []);
    const csp = SECURITY_HEADERS['Content-Security-Policy'] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src|unsafe/);
    assert.match(csp, /frame-ancestors 'none'/);
  });

  it('counts wrong tokens per client: the limit within the window, then a wait until the oldest expires', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(3, 60_000, 2, () => now);
    assert.equal(t.retryAfter('a'), 0);
    t.failed('a');
    now += 10_000;
    t.failed('a');
    now += 10_000;
    assert.equal(t.retryAfter('a'), 0, 'two failures: still allowed');
    t.failed('a');
    assert.equal(t.retryAfter('a'), 40_000, 'until the first failure is a minute old');
    assert.equal(t.retryAfter('b'), 0, 'another client is not held');
    now += 40_000;
    assert.equal(t.retryAfter('a'), 0, 'the first failure has expired');
    t.failed('a');
    assert.equal(t.retryAfter('a'), 10_000);
    t.succeeded('a');
    assert.equal(t.retryAfter('a'), 0, 'a right token starts the count again');
    // At most maxClients (2) clients are kept: the least recently failed is forgotten.
    for (const c of ['x', 'y', 'z']) for (let i = 0; i < 3; i++) t.failed(c);
    assert.equal(t.retryAfter('x'), 0);
    assert.ok(t.retryAfter('y') > 0 && t.retryAfter('z') > 0);
  });

  it('keys a client by its IPv4 address (also v4-mapped) or its IPv6 /64', () => {
    assert.equal(clientKey('192.0.2.7'), '192.0.2.7');
    assert.equal(clientKey('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8:1:2::99'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey(undefined), '?');
  });
});
