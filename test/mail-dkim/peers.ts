/**
 * The real peers of the DKIM key tests: a zone of the test BIND that the test edits and reloads
 * with `rndc reload <zone>`, OpenDKIM signing offline (`opendkim -t`: the milter's own
 * code path, with the KeyTable and SigningTable lines `keygen` printed), `opendkim-testkey`
 * asking the test BIND through libunbound (OpenDKIM's resolver: `ResolverConfiguration` names an
 * unbound.conf that forwards everything to 127.0.0.1:PORT), and mailauth's verifier given
 * netdoctor's resolver.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dkimVerify } from 'mailauth';
import { Resolver } from '../../src/dns/resolver.js';
import { type BindServer, startBind } from '../harness/bind.js';
import { findTool, toolSkip } from '../harness/peers.js';

export const DOMAIN = 'dkim.test';

/** Skip value: BIND, opendkim and opendkim-testkey are all needed. */
export function peersSkip(): string | false {
  return toolSkip(['named', 'bind9'], ['opendkim', 'opendkim'], ['opendkim-testkey', 'opendkim-tools']);
}

/** A zone of the test BIND whose TXT records the test sets, publishes and reloads. */
export class TestZone {
  private serial = 1;
  private readonly records = new Map<string, string>();
  private constructor(
    readonly dir: string,
    readonly file: string,
    readonly bind: BindServer,
  ) {}

  static async start(): Promise<TestZone> {
    const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-dkim-'));
    const file = path.join(dir, `${DOMAIN}.zone`);
    writeFileSync(file, TestZone.text(1, []));
    const bind = await startBind({ zones: [{ zone: DOMAIN, file }], rndc: true });
    return new TestZone(dir, file, bind);
  }

  private static text(serial: number, records: string[]): string {
    return [
      '$TTL 60',
      `@ IN SOA ns.${DOMAIN}. hostmaster.${DOMAIN}. ${serial} 60 60 600 60`,
      `@ IN NS ns.${DOMAIN}.`,
      'ns IN A 127.0.0.1',
      ...records,
      '',
    ].join('\n');
  }

  /** Sets (or replaces) the records of one owner name; `publish()` makes it live. */
  set(owner: string, zoneLines: string): void {
    this.records.set(owner, zoneLines);
  }

  delete(owner: string): void {
    this.records.delete(owner);
  }

  /**
   * Writes the zone with a higher serial and runs the plan's `rndc reload <zone>` (with this
   * server's control channel), then waits until BIND serves that serial.
   */
  async publish(rndcArgs: readonly string[] = ['reload', DOMAIN]): Promise<void> {
    this.serial++;
    writeFileSync(this.file, TestZone.text(this.serial, [...this.records.values()]));
    this.bind.rndc(...rndcArgs);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const soa = await this.resolver().query(DOMAIN, 'SOA');
      const r = soa.records[0]?.data;
      if (r?.type === 'SOA' && r.serial === this.serial) return;
      if (Date.now() > deadline) throw new Error(`BIND did not load serial ${this.serial}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  /** A fresh resolver (a resolver keeps its answers for its life; each step must see the zone anew). */
  resolver(): Resolver {
    return new Resolver({ servers: [this.bind.address], timeoutMs: 1000, retries: 0 });
  }

  async stop(): Promise<void> {
    await this.bind.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface SignerLines {
  keyTable: string;
  signingTable: string;
}

/** A message from the test domain, CRLF line ends. */
export function message(n: number): string {
  return [
    `From: Admin <admin@${DOMAIN}>`,
    'To: someone@example.net',
    `Subject: rotation test ${n}`,
    'Date: Sun, 6 Dec 2026 21:00:00 +0000',
    `Message-ID: <${n}.rotation@${DOMAIN}>`,
    '',
    `Message ${n}: signed by OpenDKIM.`,
    '',
  ].join('\r\n');
}

/**
 * OpenDKIM signs `msg` with the given KeyTable/SigningTable lines (exactly as printed), offline:
 * `opendkim -t` runs the filter's own code on the file; its DKIM-Signature is put on the message.
 */
export function opendkimSign(
  dir: string,
  lines: SignerLines,
  algorithm: 'rsa-sha256' | 'ed25519-sha256',
  msg: string,
): string {
  const work = mkdtempSync(path.join(dir, 'signer-'));
  writeFileSync(path.join(work, 'KeyTable'), `${lines.keyTable}\n`);
  writeFileSync(path.join(work, 'SigningTable'), `${lines.signingTable}\n`);
  writeFileSync(
    path.join(work, 'opendkim.conf'),
    [
      'Mode s',
      `KeyTable file:${work}/KeyTable`,
      `SigningTable refile:${work}/SigningTable`,
      `SignatureAlgorithm ${algorithm}`,
      'Canonicalization relaxed/simple',
      // The test's keys sit under /tmp (world-writable): the key file itself is 0600.
      'RequireSafeKeys false',
      'Syslog no',
    ].join('\n'),
  );
  writeFileSync(path.join(work, 'message.eml'), msg);
  const opendkim = findTool('opendkim') as string;
  const out = execFileSync(opendkim, ['-x', `${work}/opendkim.conf`, '-t', `${work}/message.eml`], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const at = out.indexOf('DKIM-Signature:');
  if (at < 0) throw new Error(`opendkim added no signature:\n${out}`);
  const header = out.slice(at).trimEnd().replace(/\r?\n/g, '\r\n');
  rmSync(work, { recursive: true, force: true });
  return `${header}\r\n${msg}`;
}

/** mailauth's verdicts on a signed message, asking the test BIND through netdoctor's resolver. */
export async function mailauthVerdicts(
  zone: TestZone,
  signed: string,
): Promise<{ selector: string; result: string }[]> {
  const v = (await dkimVerify(Buffer.from(signed), { resolver: zone.resolver().nodeStyle() } as never)) as {
    results: { selector: string; status: { result: string } }[];
  };
  return v.results.map((r) => ({ selector: r.selector, result: r.status.result }));
}

/** `opendkim-testkey` for a selector and private key, resolving through libunbound forwarded to the test BIND. */
export function opendkimTestkey(
  zone: TestZone,
  selector: string,
  keyFile: string,
): { status: number; output: string } {
  const [host, port] = zone.bind.address.split(':');
  const unbound = path.join(zone.dir, 'unbound.conf');
  writeFileSync(
    unbound,
    [
      'server:',
      '  do-not-query-localhost: no',
      // unbound answers names under .test itself (RFC 6761) unless told not to.
      '  local-zone: "test." nodefault',
      'forward-zone:',
      '  name: "."',
      `  forward-addr: ${host}@${port}`,
      '',
    ].join('\n'),
  );
  const conf = path.join(zone.dir, 'testkey.conf');
  writeFileSync(conf, `ResolverConfiguration ${unbound}\n`);
  const testkey = findTool('opendkim-testkey') as string;
  const r = spawnSync(testkey, ['-d', DOMAIN, '-s', selector, '-k', keyFile, '-x', conf, '-vvv'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
