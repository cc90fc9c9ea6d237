/**
 * `netdoctor mail dkim …` from the command line: the private key file is created 0600 (whatever
 * the umask), never overwritten, and its secret never appears in any output (text, --json,
 * --lang ja, check --key, rotate); bad input is one line and exit 2. No DNS: `check --record`.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runCliCaptured } from '../harness/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'netdoctor-dkim-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The secret parts of a private key, in every encoding a leak could take (base64, base64url, hex). */
function secrets(file: string): string[] {
  const jwk = createPrivateKey(readFileSync(file)).export({ format: 'jwk' }) as Record<string, string>;
  const parts = ['d', 'p', 'q', 'dp', 'dq', 'qi'].map((k) => jwk[k]).filter((v): v is string => !!v);
  return parts.flatMap((b64url) => {
    const bytes = Buffer.from(b64url, 'base64url');
    return [b64url, bytes.toString('base64'), bytes.toString('hex')];
  });
}

/** Whether any 16-character piece of a secret occurs in `text`. */
function leaks(text: string, secret: readonly string[]): string[] {
  const found: string[] = [];
  for (const s of secret) {
    for (let i = 0; i + 16 <= s.length; i += 8) {
      const piece = s.slice(i, i + 16).replace(/=+$/, '');
      if (piece.length >= 12 && text.includes(piece)) found.push(piece);
    }
  }
  if (/PRIVATE KEY-----/.test(text)) found.push('PEM block');
  return found;
}

test('keygen: 0600 whatever the umask, never overwritten, the secret in no output', async () => {
  const out = path.join(dir, 'keys');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out);
  const old = process.umask(0);
  let runs: { out: string; err: string; status: number }[] = [];
  try {
    runs.push(
      await runCliCaptured(['mail', 'dkim', 'keygen', 'example.org', '--selector', 'rsa', '--out', out]),
    );
    runs.push(
      await runCliCaptured([
        'mail',
        'dkim',
        'keygen',
        'example.org',
        '--selector',
        'ed',
        '--type',
        'ed25519',
        '--out',
        out,
        '--json',
      ]),
    );
    runs.push(
      await runCliCaptured([
        'mail',
        'dkim',
        'keygen',
        'example.org',
        '--selector',
        'ja',
        '--bits',
        '3072',
        '--out',
        out,
        '--lang',
        'ja',
      ]),
    );
  } finally {
    process.umask(old);
  }
  for (const r of runs) assert.equal(r.status, 0, r.err);
  for (const sel of ['rsa', 'ed', 'ja']) {
    assert.equal(statSync(path.join(out, `${sel}.private`)).mode & 0o777, 0o600, sel);
  }
  const json = JSON.parse(runs[1]?.out ?? '') as Record<string, unknown>;
  assert.equal(json.privateKeyFile, path.join(out, 'ed.private'));
  assert.equal(json.type, 'ed25519');
  assert.match(
    String(json.zoneRecord),
    /^ed\._domainkey\.example\.org\. IN TXT "v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}="$/,
  );

  // A second keygen for the same selector refuses, leaves the file as it was, says so in one line.
  const before = readFileSync(path.join(out, 'rsa.private'));
  const again = await runCliCaptured([
    'mail',
    'dkim',
    'keygen',
    'example.org',
    '--selector',
    'rsa',
    '--out',
    out,
  ]);
  assert.equal(again.status, 2);
  assert.match(
    again.err,
    /^netdoctor: .*rsa\.private: cannot write the private key \(the file exists; it is never overwritten\)\n$/,
  );
  assert.deepEqual(readFileSync(path.join(out, 'rsa.private')), before);

  // check --key and rotate read the private keys; none of them prints a secret.
  const record = path.join(dir, 'rsa.txt');
  writeFileSync(
    record,
    String(
      (
        JSON.parse(
          (
            await runCliCaptured([
              'mail',
              'dkim',
              'keygen',
              'example.org',
              '--selector',
              'pub',
              '--out',
              out,
              '--json',
            ])
          ).out,
        ) as { zoneRecord: string }
      ).zoneRecord,
    ),
  );
  runs = [
    ...runs,
    await runCliCaptured([
      'mail',
      'dkim',
      'check',
      'example.org',
      '--selector',
      'pub',
      '--record',
      record,
      '--key',
      path.join(out, 'pub.private'),
      '--json',
    ]),
    await runCliCaptured([
      'mail',
      'dkim',
      'check',
      'example.org',
      '--selector',
      'pub',
      '--record',
      record,
      '--key',
      path.join(out, 'rsa.private'),
    ]),
    await runCliCaptured([
      'mail',
      'dkim',
      'rotate',
      'example.org',
      '--from',
      'rsa',
      '--to',
      'ed',
      '--key-dir',
      out,
      '--json',
    ]),
    await runCliCaptured([
      'mail',
      'dkim',
      'rotate',
      'example.org',
      '--from',
      'rsa',
      '--to',
      'ed',
      '--key-dir',
      out,
      '--lang',
      'ja',
    ]),
  ];
  const matched = JSON.parse(runs[3]?.out ?? '') as { findings: { id: string }[] };
  assert.deepEqual(matched.findings.map((f) => f.id).sort(), ['mail.dkim.key-found', 'mail.dkim.key-match']);
  assert.equal(runs[4]?.status, 1);
  assert.match(
    runs[4]?.out ?? '',
    /FAIL {2}mail\.dkim\.key-mismatch +The key published for selector pub does not belong/,
  );
  const secret = ['rsa', 'ed', 'ja', 'pub'].flatMap((s) => secrets(path.join(out, `${s}.private`)));
  assert.ok(secret.length > 20);
  // The detector itself finds a key that is printed, as PEM or as JWK.
  const pem = readFileSync(path.join(out, 'rsa.private'), 'utf8');
  assert.notDeepEqual(leaks(pem, secret), []);
  const jwk = createPrivateKey(pem).export({ format: 'jwk' });
  assert.notDeepEqual(leaks(JSON.stringify({ ...jwk, d: undefined, p: undefined }), secret), []);
  for (const r of runs) assert.deepEqual(leaks(`${r.out}\n${r.err}`, secret), []);
});

test('check --key: a key file others can read is a warning', async () => {
  const out = mkdtempSync(path.join(dir, 'mode-'));
  const k = await runCliCaptured([
    'mail',
    'dkim',
    'keygen',
    'example.org',
    '--selector',
    'm',
    '--out',
    out,
    '--json',
  ]);
  const { zoneRecord, privateKeyFile } = JSON.parse(k.out) as { zoneRecord: string; privateKeyFile: string };
  writeFileSync(path.join(out, 'm.txt'), zoneRecord);
  chmodSync(privateKeyFile, 0o644);
  const r = await runCliCaptured([
    'mail',
    'dkim',
    'check',
    'example.org',
    '--selector',
    'm',
    '--record',
    path.join(out, 'm.txt'),
    '--key',
    privateKeyFile,
  ]);
  assert.equal(r.status, 1);
  assert.match(
    r.out,
    /WARN {2}mail\.dkim\.key-file-readable +The private key .* can be read by other users \(mode 0644\)/,
  );
});

test('bad input: one line naming it, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['mail', 'dkim', 'keygen', 'example.org'], /^netdoctor: --selector: a selector is required/],
    [['mail', 'dkim', 'keygen', 'example.org', '--selector', 'a b'], /^netdoctor: a b: not a DKIM selector/],
    [
      ['mail', 'dkim', 'keygen', 'not_a domain', '--selector', 's'],
      /^netdoctor: not_a domain: not a domain name/,
    ],
    [
      ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's', '--type', 'dsa'],
      /^netdoctor: --type: unknown key type "dsa"/,
    ],
    [
      ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's', '--bits', '512'],
      /^netdoctor: --bits: an RSA key length must be/,
    ],
    [
      ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's', '--type', 'ed25519', '--bits', '2048'],
      /^netdoctor: --bits: an ed25519 key is always 256 bits/,
    ],
    [
      ['mail', 'dkim', 'keygen', 'example.org', '--selector', 's', '--out', path.join(dir, 'nope')],
      /: not an existing folder/,
    ],
    [
      ['mail', 'dkim', 'check', 'example.org', '--selector', 's', '--record', path.join(dir, 'nope.txt')],
      /nope\.txt/,
    ],
    [
      [
        'mail',
        'dkim',
        'check',
        'example.org',
        '--selector',
        's',
        '--record',
        '-',
        '--key',
        path.join(dir, 'nope.pem'),
      ],
      /^netdoctor: .*nope\.pem: cannot read the private key/,
    ],
    [
      ['mail', 'dkim', 'rotate', 'example.org', '--from', 's1', '--to', 's1'],
      /^netdoctor: --to: the new selector must differ/,
    ],
    [
      ['mail', 'dkim', 'rotate', 'example.org', '--from', 's1', '--to', 's2', '--start', 'tomorrow'],
      /^netdoctor: --start: not a date/,
    ],
    [['mail', 'dkim', 'rotate', 'example.org', '--to', 's2'], /^netdoctor: --from: a selector is required/],
  ];
  for (const [args, want] of cases) {
    const r = await runCliCaptured(args, { stdin: 's._domainkey.example.org. IN TXT "v=DKIM1; p="' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, want, args.join(' '));
    assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
  }
  const bare = await runCliCaptured(['mail', 'dkim']);
  assert.equal(bare.status, 2);
  assert.match(bare.out, /dkim keygen[\s\S]*dkim check[\s\S]*dkim rotate/);
});
