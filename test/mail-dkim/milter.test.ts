/**
 * The rotation's signer switch as it happens on a mail server: OpenDKIM running as a milter
 * daemon on a loopback port (`Socket inet:PORT@127.0.0.1`) behind a real Postfix
 * (`smtpd_milters`), signing with the KeyTable/SigningTable lines `keygen` printed. Mail sent
 * through Postfix lands in a mailbox; mailauth verifies each message against the test BIND. The
 * switch is the plan's step 3: the new lines written, then the reload `systemctl reload opendkim`
 * performs (Debian's unit: `kill -USR1 $MAINPID`) — no restart, mail keeps flowing.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDkimKey, rotationPlan } from '../../src/mail/dkim/index.js';
import { skipIfMissing } from '../harness/missing.js';
import { findTool } from '../harness/peers.js';
import { freePort } from '../harness/ports.js';
import { type PostfixServer, postfixSkipReason, startPostfix } from '../harness/postfix.js';
import { sendMail } from '../maillog/smtp-sink.js';
import { DOMAIN, mailauthVerdicts, message, peersSkip, TestZone } from './peers.js';

const skip = peersSkip() || skipIfMissing(postfixSkipReason());

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`opendkim exited:\n${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`opendkim did not listen on 127.0.0.1:${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('rotation with OpenDKIM as a milter behind Postfix', { skip }, () => {
  let zone: TestZone;
  let pf: PostfixServer | undefined;
  let opendkim: ChildProcess | undefined;
  let work = '';
  let log = '';
  before(async () => {
    zone = await TestZone.start();
    // Postfix's pipe delivers as nobody: the mailbox folder must be reachable (the zone's is 0700).
    work = mkdtempSync(path.join(tmpdir(), 'netdoctor-dkim-milter-'));
    chmodSync(work, 0o777);
  });
  after(async () => {
    await pf?.stop();
    if (opendkim && opendkim.exitCode === null) {
      const gone = new Promise((r) => opendkim?.once('exit', r));
      opendkim.kill('SIGTERM');
      await gone;
    }
    await zone?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('every message is signed and verifies before, at and after the switch (reload by SIGUSR1)', async () => {
    const keys = mkdtempSync(path.join(work, 'keys-'));
    const old = generateDkimKey({ domain: DOMAIN, selector: 'old2', outDir: keys });
    const fresh = generateDkimKey({ domain: DOMAIN, selector: 'new2', outDir: keys });
    const plan = await rotationPlan({ domain: DOMAIN, from: 'old2', to: 'new2', keyDir: keys });
    const publish = plan.steps.find((s) => s.kind === 'publish-new');
    const switchStep = plan.steps.find((s) => s.kind === 'switch-signer');
    assert.ok(publish && switchStep?.signer);
    zone.set(old.name, old.zoneRecord);
    zone.set(fresh.name, publish.records[0] as string);
    await zone.publish();

    const keyTable = path.join(work, 'KeyTable');
    const signingTable = path.join(work, 'SigningTable');
    writeFileSync(keyTable, `${old.opendkim.keyTable}\n`);
    writeFileSync(signingTable, `${old.opendkim.signingTable}\n`);
    const port = await freePort();
    const conf = path.join(work, 'opendkim.conf');
    writeFileSync(
      conf,
      [
        `Socket inet:${port}@127.0.0.1`,
        'Mode s',
        `KeyTable file:${keyTable}`,
        `SigningTable refile:${signingTable}`,
        'InternalHosts 127.0.0.0/8',
        'Canonicalization relaxed/simple',
        'RequireSafeKeys false',
        'Background no',
        'Syslog no',
        `PidFile ${work}/opendkim.pid`,
      ].join('\n'),
    );
    opendkim = spawn(findTool('opendkim') as string, ['-f', '-x', conf], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (d: Buffer) => {
      log = (log + d.toString()).slice(-4000);
    };
    opendkim.stdout?.on('data', collect);
    opendkim.stderr?.on('data', collect);
    await waitForPort(port, opendkim, () => log);

    const mailbox = path.join(work, 'mailbox');
    pf = await startPostfix({
      host: '127.61.21.25',
      hostname: `mx.${DOMAIN}`,
      mainExtra: [
        'default_transport = mailbox',
        'mynetworks = 127.0.0.0/8',
        `smtpd_milters = inet:127.0.0.1:${port}`,
        'milter_default_action = tempfail',
      ],
      masterExtra: [`mailbox unix - n n - - pipe flags=F user=nobody argv=/usr/bin/tee -a ${mailbox}`],
    });

    const received = async (n: number): Promise<string> => {
      const id = `<${n}.rotation@${DOMAIN}>`;
      for (let i = 0; i < 300; i++) {
        const box = existsSync(mailbox) ? readFileSync(mailbox, 'latin1') : '';
        // pipe flags=F starts each message with a "From " line.
        const one = box.split(/^From .*\n/m).find((m) => m.includes(`Message-ID: ${id}`));
        if (one) return one.replace(/\r?\n/g, '\r\n');
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`message ${n} never arrived:\n${log}`);
    };
    const mail = async (n: number): Promise<string> => {
      const host = pf?.host as string;
      const sent = await sendMail(
        host,
        pf?.port as number,
        `admin@${DOMAIN}`,
        ['someone@example.net'],
        message(n).replace(/\r\n/g, '\n'),
      );
      assert.match(sent.data ?? '', /^250 /, `message ${n} accepted`);
      return received(n);
    };
    const send = async (n: number, selector: string): Promise<string> => {
      const got = await mail(n);
      assert.match(got, new RegExp(`^DKIM-Signature:[\\s\\S]*?s=${selector};`, 'm'));
      assert.deepEqual(await mailauthVerdicts(zone, got), [{ selector, result: 'pass' }], `message ${n}`);
      return got;
    };

    const before1 = await send(1, 'old2');
    // Step 3: the new lines replace the old ones; then the reload `systemctl reload opendkim` does.
    writeFileSync(keyTable, `${switchStep.signer.opendkim.keyTable}\n`);
    writeFileSync(signingTable, `${switchStep.signer.opendkim.signingTable}\n`);
    opendkim.kill('SIGUSR1');
    let after2 = '';
    for (let n = 2; n < 12 && !after2; n++) {
      // The reload is asynchronous: a message may still be signed with the old key, and verifies too.
      const got = await mail(n);
      const [v] = await mailauthVerdicts(zone, got);
      assert.equal(v?.result, 'pass', `message ${n} (${v?.selector})`);
      if (v?.selector === 'new2') after2 = got;
      else await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(after2, 'the signer switched to new2 without a restart');
    assert.equal(opendkim.exitCode, null, 'the daemon kept running');
    await send(20, 'new2');
    // The message signed before the switch, still in flight, still verifies while old2 stays published.
    assert.deepEqual(await mailauthVerdicts(zone, before1), [{ selector: 'old2', result: 'pass' }]);
  });
});
