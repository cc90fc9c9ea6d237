/**
 * The README's Postfix recipe with a real Postfix: the master.cf pipe service and the transport
 * line, exactly as written there, in a Postfix listening on loopback; a Google-style report mail
 * sent over SMTP to dmarc-reports@example.org ends up in the store. Swapped for the test only:
 * the netdoctor path (this checkout), user=netdoctor → nobody (no system user is created), and
 * the database path (a temporary folder).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SqliteDmarcHistory } from '../../src/store/dmarc-history.js';
import { postfixSkipReason, startPostfix } from '../harness/postfix.js';
import { fixture, reportMail, SAMPLE, zip } from './build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-postfix-dmarc-'));
chmodSync(dir, 0o755);
after(() => rmSync(dir, { recursive: true, force: true }));

function readmeBlock(after: string, lang = ''): string {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const from = readme.indexOf(after);
  assert.ok(from >= 0, `README has "${after}"`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(from));
  assert.ok(m, `a code block after "${after}"`);
  return m[1] as string;
}

/** A minimal SMTP client: one command, one (possibly multi-line) reply. */
async function sendMail(
  host: string,
  port: number,
  from: string,
  to: string,
  message: Buffer,
): Promise<string[]> {
  const sock = net.connect({ host, port });
  let buf = '';
  const replies: string[] = [];
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = /(^|\n)(\d{3}) [^\n]*\n/.exec(buf);
        if (!m) return;
        const end = (m.index ?? 0) + m[0].length;
        const r = buf.slice(0, end);
        buf = buf.slice(end);
        sock.off('data', onData);
        resolve(r.trim());
      };
      const onData = (d: Buffer) => {
        buf += d.toString('latin1').replace(/\r\n/g, '\n');
        check();
      };
      sock.on('data', onData);
      sock.once('error', reject);
      check();
    });
  const step = async (line: string | undefined, want: string) => {
    if (line !== undefined) sock.write(`${line}\r\n`);
    const r = await reply();
    replies.push(r);
    assert.ok(r.startsWith(want), `SMTP ${line ?? 'greeting'}: ${r}`);
  };
  await step(undefined, '220');
  await step('EHLO client.example.test', '250');
  await step(`MAIL FROM:<${from}>`, '250');
  await step(`RCPT TO:<${to}>`, '250');
  await step('DATA', '354');
  const body = message.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
  sock.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
  await step(undefined, '250');
  await step('QUIT', '221');
  sock.destroy();
  return replies;
}

test('README Postfix recipe: a report mailed to the rua address lands in the store', {
  skip: postfixSkipReason() ?? false,
}, async () => {
  const netdoctor = path.join(dir, 'netdoctor');
  writeFileSync(
    netdoctor,
    `#!/bin/sh\ncd '${REPO}' || exit 75\nexec '${process.execPath}' --import tsx src/cli/bin.ts "$@"\n`,
  );
  chmodSync(netdoctor, 0o755);
  const data = path.join(dir, 'data');
  mkdirSync(data);
  chmodSync(data, 0o777);
  const db = path.join(data, 'netdoctor.db');
  const service = readmeBlock('**Postfix** — deliver the `rua=` address')
    .replaceAll('/usr/local/bin/netdoctor', netdoctor)
    .replaceAll('user=netdoctor', 'user=nobody')
    .replaceAll('/var/lib/netdoctor/netdoctor.db', db)
    .trimEnd()
    .split('\n');
  // The transport line and map type from the README's shell block, in this Postfix's own files.
  const shell = readmeBlock('then route the address to it', 'sh');
  const line = /echo '([^']+)' >> \/etc\/postfix\/transport/.exec(shell)?.[1];
  const mapType = /transport_maps = (\w+):/.exec(shell)?.[1];
  assert.ok(line && mapType, 'README names the transport line and map type');
  const transport = path.join(dir, 'transport');
  writeFileSync(transport, `${line}\n`);
  writeFileSync(path.join(dir, 'main.cf'), '');
  execFileSync('postmap', ['-c', dir, `${mapType}:${transport}`]);
  const pf = await startPostfix({
    host: '127.0.0.1',
    hostname: 'mx.example.org',
    mainExtra: [
      'mydestination = example.org',
      'local_recipient_maps =',
      `transport_maps = ${mapType}:${transport}`,
    ],
    masterExtra: service,
  });
  try {
    const mail = reportMail(zip({ [SAMPLE]: fixture(SAMPLE) }));
    await sendMail(
      pf.host,
      pf.port,
      'noreply-dmarc-support@reporter.example',
      'dmarc-reports@example.org',
      mail,
    );
    // Poll read-only: a connection opened here must not create the file as root.
    let reports = 0;
    for (let i = 0; i < 300 && reports === 0; i++) {
      await sleep(100);
      if (!existsSync(db)) continue;
      try {
        const conn = new DatabaseSync(db, { readOnly: true });
        reports = (conn.prepare('SELECT COUNT(*) AS n FROM dmarc_reports').get() as { n: number }).n;
        conn.close();
      } catch {
        // tables not created yet
      }
    }
    const h = new SqliteDmarcHistory(db);
    assert.deepEqual(await h.check(), { reports: 1, records: 4, incomplete: 0 });
    await h.close();
  } finally {
    await pf.stop();
  }
});
