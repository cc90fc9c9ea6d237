/**
 * The README's procmail recipe, as written there, run by the real procmail on a Google-style
 * report mail: the report lands in the store and a readable summary goes to `sendmail -t`.
 * Only two paths are swapped: /usr/local/bin/netdoctor for this checkout, /usr/sbin/sendmail
 * for a stand-in that keeps the message (no mail leaves the machine). The stand-in netdoctor
 * adds `--server` of the test BIND to `read`, so that reverse DNS stays on loopback.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SqliteDmarcHistory } from '../../src/store/dmarc-history.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { toolSkip } from '../harness/peers.js';
import { fixture, reportMail, SAMPLE, zip } from './build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-procmail-'));
let bind: BindServer;
before(async () => {
  bind = await startBind();
});
after(async () => {
  await bind?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function readmeRecipe(): string {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const m = /```procmail\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README has a ```procmail block');
  return m[1] as string;
}

test('README procmail recipe: stores the report and mails the summary', {
  skip: toolSkip('procmail'),
}, async () => {
  const netdoctor = path.join(dir, 'netdoctor');
  writeFileSync(
    netdoctor,
    [
      '#!/bin/sh',
      `cd '${REPO}' || exit 75`,
      `if [ "$2" = read ]; then set -- "$@" --server ${bind.address}; fi`,
      `exec '${process.execPath}' --import tsx src/cli/bin.ts "$@"`,
      '',
    ].join('\n'),
  );
  const sendmail = path.join(dir, 'sendmail');
  writeFileSync(sendmail, `#!/bin/sh\necho "$@" > '${dir}/sendmail.args'\ncat > '${dir}/sent.eml'\n`);
  chmodSync(netdoctor, 0o755);
  chmodSync(sendmail, 0o755);
  const recipe = readmeRecipe()
    .replaceAll('/usr/local/bin/netdoctor', netdoctor)
    .replaceAll('/usr/sbin/sendmail', sendmail);
  const rc = path.join(dir, 'procmailrc');
  writeFileSync(
    rc,
    `SHELL=/bin/sh\nXDG_DATA_HOME=${dir}/data\nDEFAULT=${dir}/inbox\nLOGFILE=${dir}/procmail.log\n${recipe}`,
  );
  const mail = reportMail(zip({ [SAMPLE]: fixture(SAMPLE) }), {
    subject: 'Report domain: example.test Submitter: reporter.example Report-ID: <rx-2023-11-14-0001>',
  });
  const r = spawnSync('procmail', ['-m', rc], {
    input: mail,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
  });
  assert.equal(
    r.status,
    0,
    `procmail: ${r.stderr} ${existsSync(`${dir}/procmail.log`) ? readFileSync(`${dir}/procmail.log`, 'utf8') : ''}`,
  );
  assert.equal(readFileSync(path.join(dir, 'sendmail.args'), 'utf8').trim(), '-t');
  const sent = await simpleParser(readFileSync(path.join(dir, 'sent.eml')));
  assert.equal(sent.subject, 'DMARC report: example.test (135 of 146 passed)');
  assert.equal(sent.to && !Array.isArray(sent.to) ? sent.to.text : '', 'you@example.org');
  assert.match(sent.text ?? '', /198\.51\.100\.20 .* 7 /);
  assert.match(
    sent.text ?? '',
    /198\.51\.100\.10 +mail\.example\.test +120 /,
    'PTR names from the test BIND',
  );
  const h = new SqliteDmarcHistory(path.join(dir, 'data', 'netdoctor', 'netdoctor.db'));
  assert.deepEqual(await h.check(), { reports: 1, records: 4, incomplete: 0 });
  await h.close();
});
