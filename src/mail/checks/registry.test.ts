import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mergeCatalogs } from '../../core/i18n.js';
import { mailAuthMessages } from '../auth/messages.js';
import { mailDnsMessages } from '../messages/dns.js';
import { mailAuditMessages } from '../messages/index.js';
import { mailPolicyMessages } from '../messages/policy.js';
import { mailSmtpMessages } from '../messages/smtp.js';
import { MAIL_CHECKS } from './index.js';

const kebab = (id: string) => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

test('the registry lists every check file of mail/checks/, once, sorted', () => {
  const files = readdirSync(new URL('./', import.meta.url))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'check.ts' && f !== 'index.ts')
    .sort();
  const listed = MAIL_CHECKS.map((c) => `${kebab(c.meta.id)}.ts`);
  assert.deepEqual(listed, [...listed].sort(), 'the registry is sorted');
  assert.deepEqual(listed, files, 'one registry line per file, named after its id');
});

test('every check has a title and messages in every language, and no finding id is lost', () => {
  for (const c of MAIL_CHECKS) {
    assert.ok(c.meta.title.en && c.meta.title.ja, c.meta.id);
    assert.ok(Object.keys(c.meta.messages).length > 0, `${c.meta.id} reports findings`);
    for (const [id, entry] of Object.entries(c.meta.messages)) {
      assert.ok(id.startsWith('mail.'), id);
      assert.ok(entry.en?.title && entry.ja?.title, `${id}: en and ja`);
    }
  }
  // The catalog gathered from the checks holds every mail-audit sentence there is.
  const everything = mergeCatalogs(mailDnsMessages, mailSmtpMessages, mailPolicyMessages, mailAuthMessages);
  assert.deepEqual(Object.keys(mailAuditMessages).sort(), Object.keys(everything).sort());
});

test('each check declares the severity of every finding id it reports, as the README table says', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const table = new Map(
    [...readme.matchAll(/^\| `(mail\.[a-z0-9.-]+)` \| ([a-z/]+) \|/gm)].map((m) => [m[1], m[2]?.split('/')]),
  );
  for (const c of MAIL_CHECKS) {
    assert.deepEqual(Object.keys(c.meta.severity).sort(), Object.keys(c.meta.messages).sort(), c.meta.id);
    for (const [id, s] of Object.entries(c.meta.severity)) {
      assert.deepEqual([s].flat(), table.get(id), `${id}: the README's severity`);
    }
  }
});
