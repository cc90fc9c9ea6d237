/**
 * The `--xml` output against nmap's own tools: nmap.xsl renders it (xsltproc) and Debian's
 * `ndiff` finds no port differences between it and `nmap -sT -oX` of the same loopback scan.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Resolver } from '../../src/dns/resolver.js';
import { nmapXml, scan } from '../../src/scan/index.js';
import { NMAP_XSL } from '../../src/scan/xml.js';
import { toolSkip } from '../harness/peers.js';

const skip = toolSkip('nmap', 'ndiff', 'xsltproc');

describe('nmap-compatible XML', { skip }, () => {
  const servers: net.Server[] = [];
  const open: number[] = [];
  const closed: number[] = [];
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nd-xml-'));
    for (let i = 0; i < 6; i++) {
      const s =
        i === 0
          ? http.createServer((_q, r) => {
              r.writeHead(200, { Server: 'Apache/2.4.41 (Unix)' });
              r.end();
            })
          : net.createServer((c) => {
              c.on('error', () => {});
              c.end('SSH-2.0-OpenSSH_9.2p1\r\n');
            });
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      servers.push(s);
      open.push((s.address() as net.AddressInfo).port);
    }
    for (let i = 0; i < 30; i++) {
      const s = net.createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      closed.push((s.address() as net.AddressInfo).port);
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
  after(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ndiff finds no port differences from nmap -sT -oX', async () => {
    const ports = [...open, ...closed, 1, 7, 9].sort((a, b) => a - b);
    const list = ports.join(',');
    const nmapFile = path.join(dir, 'nmap.xml');
    execFileSync('nmap', ['-sT', '-p', list, '-T4', '-n', '-oX', nmapFile, '127.0.0.1'], { stdio: 'ignore' });
    const r = await scan({
      targets: ['127.0.0.1'],
      ports,
      resolver: new Resolver({ servers: ['127.0.0.1:1'] }),
      probe: false,
    });
    const ours = path.join(dir, 'ours.xml');
    writeFileSync(ours, nmapXml(r, `netdoctor scan 127.0.0.1 -p ${list} --xml ours.xml`, '0.1.0'));
    const diff = spawnSync('ndiff', [nmapFile, ours], { encoding: 'utf8' });
    assert.equal(diff.status, 0, `ndiff says the scans differ:\n${diff.stdout}${diff.stderr}`);
    const portLines = diff.stdout.split('\n').filter((l) => /^[-+]\s*(\d+\/tcp|Not shown)/.test(l));
    assert.deepEqual(portLines, []);
    // And the same the other way round, with the open ports read from nmap's file.
    const nmapOpen = [...readFileSync(nmapFile, 'utf8').matchAll(/portid="(\d+)"><state state="open"/g)].map(
      (m) => Number(m[1]),
    );
    assert.deepEqual(
      nmapOpen.sort((a, b) => a - b),
      [...open].sort((a, b) => a - b),
    );
  });

  it('renders with nmap.xsl, probes included', async () => {
    assert.ok(existsSync(new URL(NMAP_XSL).pathname), 'nmap.xsl is installed (nmap-common)');
    const r = await scan({
      targets: ['127.0.0.1'],
      ports: [...open, ...closed],
      resolver: new Resolver({ servers: ['127.0.0.1:1'] }),
    });
    const file = path.join(dir, 'probed.xml');
    writeFileSync(file, nmapXml(r, 'netdoctor scan 127.0.0.1 --xml probed.xml', '0.1.0'));
    const html = execFileSync('xsltproc', [new URL(NMAP_XSL).pathname, file], { encoding: 'utf8' });
    for (const p of open) assert.match(html, new RegExp(`>${p}<`));
    assert.match(html, /OpenSSH/);
    assert.match(html, /Apache\/2\.4\.41/);
    assert.match(html, /127\.0\.0\.1/);
  });
});
