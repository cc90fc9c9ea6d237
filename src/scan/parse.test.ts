import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNetdoctorError } from '../core/errors.js';
import { parseHttpHead } from './banners/http.js';
import { parseSshBanner } from './banners/ssh.js';
import { portRanges } from './index.js';
import { parsePorts } from './ports.js';
import { parseServices, type ServiceTable } from './services.js';
import { expandCidr } from './targets.js';

const table = (): ServiceTable => {
  const names = new Map<number, string>();
  const freq = new Map<number, number>();
  parseServices(
    'http\t80/tcp\t0.48\nssh\t22/tcp\t0.18\ntelnet\t23/tcp\t0.22\ndomain\t53/udp\t0.9\n',
    names,
    freq,
  );
  return { names, byFrequency: [...freq].sort((a, b) => b[1] - a[1]).map(([p]) => p), sources: [] };
};

describe('port lists', () => {
  const cases: [string, number[]][] = [
    ['22,80,443', [22, 80, 443]],
    ['443,22,22', [22, 443]],
    ['1-5', [1, 2, 3, 4, 5]],
    ['65533-', [65533, 65534, 65535]],
    ['-3', [1, 2, 3]],
    ['top2', [23, 80]],
    ['top2,22', [22, 23, 80]],
  ];
  for (const [spec, want] of cases) {
    it(spec, () => assert.deepEqual(parsePorts(spec, 'ports', table), want));
  }
  it('all', () => assert.equal(parsePorts('all', 'ports', table).length, 65535));
  for (const bad of ['0', '65536', '10-5', 'http', '1-2-3', 'top0', '']) {
    it(`refuses "${bad}"`, () =>
      assert.throws(
        () => parsePorts(bad, 'ports', table),
        (e) => isNetdoctorError(e) && e.option === 'ports',
      ));
  }
  it('says what topN needs when nmap-services is missing', () =>
    assert.throws(
      () => parsePorts('top100', 'ports', () => ({ names: new Map(), byFrequency: [], sources: [] })),
      /nmap-common/,
    ));
  it('writes ranges back', () => assert.equal(portRanges([1, 2, 3, 5, 7, 8]), '1-3,5,7-8'));
});

describe('CIDR blocks', () => {
  it('expands IPv4 including network and broadcast', () =>
    assert.deepEqual(expandCidr('192.0.2.9/30'), ['192.0.2.8', '192.0.2.9', '192.0.2.10', '192.0.2.11']));
  it('expands IPv6', () => assert.deepEqual(expandCidr('2001:db8::/127'), ['2001:db8::', '2001:db8::1']));
  it('handles /32 and /0 limits', () => {
    assert.deepEqual(expandCidr('127.0.0.1/32'), ['127.0.0.1']);
    assert.throws(() => expandCidr('0.0.0.0/0'), /4294967296 addresses/);
  });
  for (const bad of ['192.0.2.0/33', '192.0.2/24', '2001:db8::/129', 'host/24']) {
    it(`refuses ${bad}`, () =>
      assert.throws(
        () => expandCidr(bad),
        (e) => isNetdoctorError(e) && e.input === bad,
      ));
  }
});

describe('banners', () => {
  it('parses SSH identification strings', () => {
    assert.deepEqual(parseSshBanner('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'), {
      product: 'OpenSSH',
      version: '9.2p1 Debian-2+deb12u3',
    });
    assert.deepEqual(parseSshBanner('SSH-2.0-dropbear_2022.83'), { product: 'dropbear', version: '2022.83' });
    assert.deepEqual(parseSshBanner('HTTP/1.1 400'), {});
  });
  it('finds the version-revealing HTTP headers', () => {
    const h = parseHttpHead(
      'HTTP/1.1 200 OK\r\nServer: Apache/2.4.41 (Amazon) OpenSSL/1.0.2k-fips PHP/7.3.10\r\nX-Powered-By: PHP/7.3.10\r\nContent-Type: text/html\r\n\r\n',
    );
    assert.equal(h?.status, 200);
    assert.deepEqual(h?.revealing, [
      ['Server', 'Apache/2.4.41 (Amazon) OpenSSL/1.0.2k-fips PHP/7.3.10'],
      ['X-Powered-By', 'PHP/7.3.10'],
    ]);
    // "ServerTokens Prod" leaves the product without a version: nothing to report.
    assert.deepEqual(parseHttpHead('HTTP/1.1 404 Not Found\r\nServer: Apache\r\n\r\n')?.revealing, []);
    assert.equal(parseHttpHead('SSH-2.0-x\r\n'), undefined);
  });
});
