import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeStatus, describeStatus } from './enhanced-status.js';

test('decodes class, subject and detail per RFC 3463 and the IANA registry', () => {
  const d = decodeStatus('5.7.26');
  assert.equal(d?.classText, 'permanent failure');
  assert.equal(d?.subjectText, 'security or policy status');
  assert.equal(d?.detailText, 'multiple authentication checks failed');
  assert.equal(d?.permanent, true);
  assert.equal(decodeStatus('4.4.7')?.detailText, 'delivery time expired');
  assert.equal(decodeStatus('4.4.7')?.permanent, false);
  assert.equal(decodeStatus('5.1.1')?.detailText, 'bad destination mailbox address (no such user)');
});

test('an unregistered detail is said to be so; text that is not a code gives undefined', () => {
  const d = decodeStatus('5.7.515');
  assert.ok(d);
  assert.equal(d.detailText, undefined);
  assert.match(
    describeStatus(d),
    /5\.7\.515 permanent failure; security or policy status: detail 515 \(not registered\)/,
  );
  assert.equal(decodeStatus('3.1.1'), undefined);
  assert.equal(decodeStatus('550'), undefined);
  assert.equal(decodeStatus('5.1'), undefined);
});
