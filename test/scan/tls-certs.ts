/**
 * Short-lived certificates made at test time with the `openssl` CLI: a private CA and server
 * certificates it signs (valid, about to expire, expired), plus a self-signed one. Nothing is
 * kept in the repo; each call writes into a fresh temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCert {
  key: string;
  cert: string;
}

export interface TestPki {
  ca: TestCert;
  /** Signs a server certificate for `names` (DNS names or IPs) valid from `start` to `end`. */
  issue(names: string[], start: Date, end: Date): TestCert;
  /** A self-signed certificate (its own issuer) for `names`, valid for `days`. */
  selfSigned(names: string[], days: number): TestCert;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function asn1Time(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function san(names: string[]): string {
  return names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
}

export function makePki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nd-pki-'));
  const file = (n: string) => path.join(dir, n);
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=netdoctor test CA',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('serial'), '1000\n');
  let n = 0;
  const ca = { key: readFileSync(file('ca.key'), 'utf8'), cert: readFileSync(file('ca.crt'), 'utf8') };
  return {
    ca,
    issue(names, start, end) {
      n++;
      const cn = names[0] ?? 'localhost';
      writeFileSync(
        file(`ca${n}.cnf`),
        [
          '[ca]',
          'default_ca = test',
          '[test]',
          `dir = ${dir}`,
          'database = $dir/index.txt',
          'serial = $dir/serial',
          'new_certs_dir = $dir',
          'certificate = $dir/ca.crt',
          'private_key = $dir/ca.key',
          'default_md = sha256',
          'policy = any',
          'unique_subject = no',
          'copy_extensions = none',
          'x509_extensions = ext',
          '[any]',
          'commonName = supplied',
          '[ext]',
          `subjectAltName = ${san(names)}`,
          'basicConstraints = CA:FALSE',
          '',
        ].join('\n'),
      );
      openssl(
        [
          'req',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-subj',
          `/CN=${cn}`,
          '-keyout',
          `s${n}.key`,
          '-out',
          `s${n}.csr`,
        ],
        dir,
      );
      openssl(
        [
          'ca',
          '-batch',
          '-config',
          `ca${n}.cnf`,
          '-in',
          `s${n}.csr`,
          '-out',
          `s${n}.crt`,
          '-notext',
          '-startdate',
          asn1Time(start),
          '-enddate',
          asn1Time(end),
        ],
        dir,
      );
      return { key: readFileSync(file(`s${n}.key`), 'utf8'), cert: readFileSync(file(`s${n}.crt`), 'utf8') };
    },
    selfSigned(names, days) {
      n++;
      openssl(
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          String(days),
          '-subj',
          `/CN=${names[0] ?? 'localhost'}`,
          '-addext',
          `subjectAltName=${san(names)}`,
          '-keyout',
          `ss${n}.key`,
          '-out',
          `ss${n}.crt`,
        ],
        dir,
      );
      return {
        key: readFileSync(file(`ss${n}.key`), 'utf8'),
        cert: readFileSync(file(`ss${n}.crt`), 'utf8'),
      };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const DAY = 86_400_000;
