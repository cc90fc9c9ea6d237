import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TcpDirection } from './tcp-reassembly.js';

function collector(maxPending = 1 << 20) {
  const out: string[] = [];
  const dir = new TcpDirection(
    0,
    {
      data: (_d, bytes) => out.push(Buffer.from(bytes).toString()),
      gap: (_d, missing) => out.push(`[gap ${missing}]`),
    },
    maxPending,
  );
  const seg = (seq: number, text: string, syn = false) => dir.segment(syn, seq >>> 0, Buffer.from(text), 0);
  return { out, dir, seg };
}

test('in order, out of order, retransmitted and overlapping segments', () => {
  const { out, dir, seg } = collector();
  seg(99, '', true); // SYN: data starts at 100
  seg(100, 'HELO ');
  seg(109, 'ple\r\n'); // early: waits
  seg(100, 'HELO '); // retransmission: dropped
  seg(103, 'O exam'); // overlaps the delivered bytes: only "exam" is new, then "ple\r\n" follows
  dir.finish();
  assert.equal(out.join(''), 'HELO example\r\n');
});

test('a gap that never fills is reported, then the data after it', () => {
  const { out, dir, seg } = collector();
  seg(1000, 'abc');
  seg(1010, 'xyz');
  dir.finish();
  assert.deepEqual(out, ['abc', '[gap 7]', 'xyz']);
});

test('sequence numbers wrap around 2^32', () => {
  const { out, dir, seg } = collector();
  seg(0xfffffffe, 'ab');
  seg(2, 'ef');
  seg(0, 'cd');
  dir.finish();
  assert.equal(out.join(''), 'abcdef');
});

test('held bytes are capped: past the cap the gap is given up on', () => {
  const { out, seg } = collector(4);
  seg(0, 'a');
  seg(10, 'bbb');
  seg(20, 'ccc'); // 6 bytes waiting > 4: the first gap is skipped at once
  assert.deepEqual(out, ['a', '[gap 9]', 'bbb']);
});
