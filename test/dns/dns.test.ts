/**
 * DNS lookups and reverse DNS against a real BIND 9 serving test/fixtures/zones/.
 * Table style: each case names the query and the finding ids it must produce.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, test } from 'node:test';
import { NetdoctorError } from '../../src/core/errors.js';
import { lookup, Resolver, reverseLookup } from '../../src/dns/index.js';
import type { LookupType } from '../../src/dns/records.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { runCliCaptured } from '../harness/cli.js';
import { freePort } from '../harness/ports.js';

let bind: BindServer;
let resolver: Resolver;

before(async () => {
  bind = await startBind();
  resolver = new Resolver({ servers: [bind.address], timeoutMs: 2000 });
});
after(async () => bind?.stop());

const ids = (fs: { id: string }[]) => fs.map((f) => f.id).sort();

const REVERSE_CASES: { ip: string; story: string; ids: string[]; names?: string[] }[] = [
  { ip: '192.0.2.10', story: 'a good host', ids: ['dns.fcrdns.ok'], names: ['good.example.test'] },
  { ip: '192.0.2.20', story: 'no PTR line in the reverse zone', ids: ['dns.ptr.missing'], names: [] },
  { ip: '192.0.2.30', story: 'PTR name points at another address', ids: ['dns.fcrdns.mismatch'] },
  { ip: '192.0.2.31', story: 'PTR name does not exist', ids: ['dns.fcrdns.unresolvable'] },
  {
    ip: '192.0.2.40',
    story: 'two PTR records, one confirms',
    ids: ['dns.fcrdns.mismatch', 'dns.fcrdns.ok', 'dns.ptr.multiple'],
  },
  { ip: '2001:db8::25', story: 'a good IPv6 host', ids: ['dns.fcrdns.ok'], names: ['v6.example.test'] },
  { ip: '2001:0DB8:0:0:0:0:0:25', story: 'the same, written long', ids: ['dns.fcrdns.ok'] },
  { ip: '2001:db8::26', story: 'IPv6 PTR name with only an A record', ids: ['dns.fcrdns.unresolvable'] },
  { ip: '2001:db8::99', story: 'IPv6 without PTR', ids: ['dns.ptr.missing'] },
];

for (const c of REVERSE_CASES) {
  test(`reverse ${c.ip}: ${c.story} → ${c.ids.join(', ')}`, async () => {
    const r = await reverseLookup(resolver, c.ip);
    assert.deepEqual(ids(r.findings), c.ids);
    if (c.names) assert.deepEqual(r.names, c.names);
  });
}

test('reverse: a missing PTR names the zone and the line to add', async () => {
  const r = await reverseLookup(resolver, '192.0.2.20');
  const f = r.findings[0]!;
  assert.equal(f.severity, 'fail');
  assert.equal(f.params?.zone, '2.0.192.in-addr.arpa');
  assert.equal(f.params?.label, '20');
});

test('reverse: a mismatch reports the addresses the name really has', async () => {
  const r = await reverseLookup(resolver, '192.0.2.30');
  assert.deepEqual(r.forward, [
    {
      name: 'elsewhere.example.test',
      rrtype: 'A',
      status: 'ok',
      addresses: ['192.0.2.99'],
      confirmed: false,
    },
  ]);
});

const LOOKUP_CASES: { name: string; types: LookupType[]; ids: string[]; texts?: string[] }[] = [
  {
    name: 'good.example.test',
    types: ['A', 'AAAA'],
    ids: ['dns.answer.ok', 'dns.type.nodata'],
    texts: ['192.0.2.10'],
  },
  {
    name: 'www.example.test',
    types: ['A'],
    ids: ['dns.answer.ok', 'dns.records.round-robin'],
    texts: ['192.0.2.51', '192.0.2.52', '192.0.2.53'],
  },
  { name: 'nope.example.test', types: ['A', 'AAAA', 'MX'], ids: ['dns.name.nxdomain'] },
  { name: 'www.broken.test', types: ['A'], ids: ['dns.server.servfail'] },
  { name: 'example.org', types: ['A'], ids: ['dns.server.refused'] },
  {
    name: 'example.test',
    types: ['MX'],
    ids: ['dns.answer.ok'],
    texts: ['10 mail.example.test.', '20 mail2.example.test.'],
  },
  { name: 'example.test', types: ['NS'], ids: ['dns.answer.ok'], texts: ['ns1.example.test.'] },
  {
    name: 'example.test',
    types: ['SOA'],
    ids: ['dns.answer.ok'],
    texts: ['ns1.example.test. hostmaster.example.test. 2026112301 3600 900 604800 300'],
  },
  { name: 'example.test', types: ['CAA'], ids: ['dns.answer.ok'], texts: ['0 issue "letsencrypt.org"'] },
  {
    name: '_sip._tcp.example.test',
    types: ['SRV'],
    ids: ['dns.answer.ok'],
    texts: ['10 60 5060 sip.example.test.'],
  },
  { name: '10.2.0.192.in-addr.arpa', types: ['PTR'], ids: ['dns.answer.ok'], texts: ['good.example.test.'] },
  { name: 'alias.example.test', types: ['CNAME'], ids: ['dns.answer.ok'], texts: ['www.example.test.'] },
];

for (const c of LOOKUP_CASES) {
  test(`lookup ${c.name} ${c.types.join('+')} → ${c.ids.join(', ')}`, async () => {
    const r = await lookup(resolver, c.name, c.types);
    assert.deepEqual(ids(r.findings), [...c.ids].sort());
    if (c.texts) {
      const texts = r.answers.flatMap((a) => a.records.map((x) => x.text)).sort();
      assert.deepEqual(texts, [...c.texts].sort());
    }
  });
}

test('lookup keeps TTLs and follows a CNAME to its target', async () => {
  const r = await lookup(resolver, 'alias.example.test', ['A']);
  const a = r.answers[0]!;
  assert.equal(a.cnames[0]?.text, 'www.example.test.');
  assert.equal(a.records.length, 3);
  assert.ok(a.records.every((x) => x.ttl === 300 && x.name === 'www.example.test'));
});

test('TXT: the strings of one record are joined with nothing between them; records stay apart', async () => {
  const long = await resolver.query('long.example.test', 'TXT');
  assert.equal(long.records.length, 1);
  const data = long.records[0]!.data as { strings: string[]; text: string };
  assert.equal(data.strings.length, 3);
  assert.ok(data.text.startsWith('v=DKIM1; k=rsa; p=MIIB'));
  assert.ok(data.text.endsWith('IDAQAB'));
  assert.ok(!data.text.includes(' " '));
  assert.equal(data.text, data.strings.join(''));
  const multi = await resolver.query('multi-txt.example.test', 'TXT');
  assert.deepEqual(multi.records.map((r) => (r.data as { text: string }).text).sort(), [
    'first record',
    'second record',
  ]);
});

test('the per-run cache sends one query for a repeated question', async () => {
  const r = new Resolver({ servers: [bind.address] });
  await Promise.all([r.query('good.example.test', 'A'), r.query('GOOD.example.test.', 'A')]);
  await r.query('good.example.test', 'A');
  assert.equal(r.queriesSent, 1);
});

test('the nodeStyle adapter speaks dns.promises: arrays, and ENOTFOUND / ENODATA codes', async () => {
  const resolve = resolver.nodeStyle();
  assert.deepEqual(await resolve('good.example.test', 'A'), ['192.0.2.10']);
  assert.deepEqual(
    await resolve('multi-txt.example.test', 'TXT').then((x) =>
      (x as string[][]).map((s) => s.join('')).sort(),
    ),
    ['first record', 'second record'],
  );
  await assert.rejects(resolve('nope.example.test', 'A'), { code: 'ENOTFOUND' });
  await assert.rejects(resolve('good.example.test', 'MX'), { code: 'ENODATA' });
  await assert.rejects(resolve('www.broken.test', 'A'), { code: 'ESERVFAIL' });
});

test('a port where nothing listens: ND_DNS_UNREACHABLE at once, naming the server', async () => {
  const port = await freePort();
  const r = new Resolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 5000, retries: 2 });
  const t0 = Date.now();
  await assert.rejects(r.query('good.example.test', 'A'), (e: unknown) => {
    assert.ok(e instanceof NetdoctorError);
    assert.equal(e.code, 'ND_DNS_UNREACHABLE');
    assert.equal(e.input, `127.0.0.1:${port}`);
    assert.match(e.message, /connection refused/);
    return true;
  });
  assert.ok(Date.now() - t0 < 2000, 'connection refused must not wait for the timeout');
});

test('a server that never answers: a timeout after every try, within timeout × tries', async () => {
  const silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  let received = 0;
  silent.on('message', () => received++);
  const port = (silent.address() as { port: number }).port;
  const r = new Resolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 200, retries: 1 });
  const t0 = Date.now();
  await assert.rejects(r.query('good.example.test', 'A'), /no reply; waited 0\.2s × 2 tries/);
  const elapsed = Date.now() - t0;
  silent.close();
  assert.equal(received, 2);
  assert.ok(elapsed >= 350 && elapsed < 2000, `elapsed ${elapsed} ms`);
});

test('a second server is asked when the first one refuses', async () => {
  const port = await freePort();
  const r = new Resolver({ servers: [`127.0.0.1:${port}`, bind.address], timeoutMs: 1000 });
  const a = await r.query('good.example.test', 'A');
  assert.equal(a.status, 'ok');
  assert.equal(a.server, bind.address);
});

test('NETDOCTOR_DNS_SERVER is the CLI’s default --server; an explicit --server wins; the library reads no env', async () => {
  const env = { NETDOCTOR_DNS_SERVER: `${bind.address}, 127.0.0.1:9` };
  const viaEnv = await runCliCaptured(['dns', 'lookup', 'good.example.test', '--json'], { env });
  assert.equal(viaEnv.status, 0, viaEnv.err);
  const dead = await runCliCaptured(['dns', 'lookup', 'good.example.test', '--server', '127.0.0.1:9'], {
    env,
  });
  assert.equal(dead.status, 2, 'the explicit --server is asked, not the environment’s');
  const saved = process.env.NETDOCTOR_DNS_SERVER;
  try {
    process.env.NETDOCTOR_DNS_SERVER = bind.address;
    assert.notDeepEqual(new Resolver().servers, [{ host: '127.0.0.1', port: bind.port }]);
    // Without a server the library asks the system's resolvers: in tests the loopback guard
    // (test/harness/dns-guard.ts), never the machine's real resolver.
    assert.ok(new Resolver().servers.every((s) => s.host.startsWith('127.') || s.host === '::1'));
  } finally {
    if (saved === undefined) delete process.env.NETDOCTOR_DNS_SERVER;
    else process.env.NETDOCTOR_DNS_SERVER = saved;
  }
});
