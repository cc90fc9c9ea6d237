import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipLiteralIn } from './mx.js';
import { genericPtrReason } from './sending-ips.js';

describe('generic (dynamic-pool) PTR names', () => {
  it('flags pool names and leaves mail host names alone', () => {
    const table: [string, string, boolean][] = [
      ['p1234-ipngn100.tokyo.ocn.ne.jp', '192.0.2.5', true],
      ['softbank126000002005.bbtec.net', '126.0.2.5', true],
      ['KD111000002005.ppp-bb.dion.ne.jp', '111.0.2.5', true],
      ['192-0-2-5.dyn.example.net', '192.0.2.5', true],
      ['5.2.0.192.static.example.net', '192.0.2.5', true],
      ['host-c000020a.pool.example.net', '192.0.2.10', true],
      ['dhcp-25.example.com', '192.0.2.25', true],
      ['mail.example.com', '192.0.2.5', false],
      ['mx1.example.co.jp', '192.0.2.5', false],
      ['smtp-out2.mailer.example.org', '192.0.2.5', false],
      ['cable.example.org', '192.0.2.5', false],
    ];
    for (const [name, ip, generic] of table) {
      assert.equal(genericPtrReason(name, ip) !== undefined, generic, `${name} (${ip})`);
    }
  });

  it('finds IP addresses written as MX host names', () => {
    assert.equal(ipLiteralIn('192.0.2.1'), '192.0.2.1');
    assert.equal(ipLiteralIn('192.0.2.1.example.org'), '192.0.2.1');
    assert.equal(ipLiteralIn('[192.0.2.1]'), '192.0.2.1');
    assert.equal(ipLiteralIn('mx1.example.org'), undefined);
    assert.equal(ipLiteralIn('10.example.org'), undefined);
  });
});
