/**
 * Mail-audit benchmark: `netdoctor mail audit <domain> --no-smtp` against the test BIND (loopback),
 * side by side with the way an admin checks by hand: `dig`, one process per query, for exactly the
 * queries the audit sends (recorded once beforehand through netdoctor's resolver). Both sides are
 * whole processes — netdoctor's Node start-up included; the peer is one shell running every dig —
 * and must find the same MX records before a ratio is printed (bench/harness.ts).
 * SMTP is off (the SMTP probe's cost is the peer's banner delay, not ours); MTA-STS policy fetches
 * go to a closed loopback port and fail fast.
 *
 * Usage: npm run bench -- mail
 */
import type { LookupType } from '../../src/dns/records.js';
import { Resolver } from '../../src/dns/resolver.js';
import { auditMail } from '../../src/mail/index.js';
import { startBind } from '../../test/harness/bind.js';
import { buildNetdoctor, compareRuns, finish, machineLine, netdoctorSide, ROOT } from '../harness.js';

const DOMAINS: [string, string[]][] = [
  ['audit-good.test', []],
  ['audit-relay.test', ['--ip', '127.25.128.3']],
];
const CLOSED_PORT = '9';

/** A resolver that remembers which queries went out, to replay them with dig. */
class RecordingResolver extends Resolver {
  readonly asked: { name: string; type: LookupType }[] = [];
  override query(name: string, type: LookupType) {
    if (!this.asked.some((q) => q.name === name && q.type === type)) this.asked.push({ name, type });
    return super.query(name, type);
  }
}

/** `preference exchange` of every MX record of `domain`, from dig's answer sections. */
function digMx(domain: string): (out: string) => string[] {
  return (out) =>
    out
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((t) => t[3] === 'MX' && t[0]?.toLowerCase().replace(/\.$/, '') === domain)
      .map((t) => `${t[4]} ${(t[5] ?? '').toLowerCase().replace(/\.$/, '')}`)
      .sort();
}

/** The same from netdoctor's --json. */
function auditMx(out: string): string[] {
  const doc = JSON.parse(out) as { mx: { records: { text: string }[] } };
  return doc.mx.records
    .map((r) => {
      const [pref, name] = r.text.split(/\s+/);
      return `${pref} ${(name ?? '').toLowerCase().replace(/\.$/, '')}`;
    })
    .sort();
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const BIN = buildNetdoctor(`${ROOT}bench/.out/mail/dist`);
const bind = await startBind();
console.log(`test BIND on ${bind.address}; ${machineLine()}`);
try {
  const results = [];
  for (const [domain, extra] of DOMAINS) {
    const recorder = new RecordingResolver({ servers: [bind.address], timeoutMs: 2000 });
    const ips = extra[1] ? [extra[1]] : [];
    await auditMail(recorder, { domain, ips, smtp: false, mtaSts: { httpsPort: 9, timeoutMs: 500 } });
    const digs = recorder.asked.map(
      (q) => `dig +noall +answer +tries=1 +time=2 @${bind.host} -p ${bind.port} ${quote(q.name)} ${q.type}`,
    );
    console.log(`\n${domain}: ${digs.length} DNS queries`);
    results.push(
      compareRuns({
        title: `mail audit ${domain} vs dig ×${digs.length}`,
        peer: {
          name: `dig ×${digs.length}`,
          cmd: 'sh',
          args: ['-c', digs.join('; ')],
          answer: digMx(domain),
        },
        ours: netdoctorSide(
          BIN,
          'netdoctor mail audit',
          ['mail', 'audit', domain, ...extra, '--no-smtp', '--server', bind.address, '--json'],
          auditMx,
          {
            env: { ...process.env, NETDOCTOR_MTA_STS_PORT: CLOSED_PORT },
            // 1: the audit found something to fix (a `fail` finding) — the job is done; 2 is an error.
            okStatus: [0, 1],
          },
        ),
        target: { minRatio: 1 },
      }),
    );
  }
  finish(results);
} finally {
  await bind.stop();
}
