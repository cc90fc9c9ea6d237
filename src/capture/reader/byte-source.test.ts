import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteSource } from './byte-source.js';

test('a view inside one chunk is not a copy; across chunks it is, with the right bytes', () => {
  const src = new ByteSource();
  const a = Buffer.from([1, 2, 3, 4]);
  src.push(a);
  src.push(Buffer.from([5, 6]));
  assert.ok(src.view(3));
  assert.equal(src.buf.buffer, a.buffer);
  src.skip(2);
  assert.ok(src.view(4));
  assert.notEqual(src.buf.buffer, a.buffer);
  assert.deepEqual([...src.buf.subarray(src.pos, src.pos + 4)], [3, 4, 5, 6]);
  assert.equal(src.dv.getUint16(src.pos), 0x0304);
  assert.equal(src.view(5), false);
  assert.equal(src.offset, 2);
});

test('respects byteOffset: a Buffer slice of a pooled ArrayBuffer', () => {
  const pool = Buffer.from([9, 9, 9, 0xde, 0xad, 0xbe, 0xef]);
  const src = new ByteSource();
  src.push(pool.subarray(3));
  assert.ok(src.view(4));
  assert.equal(src.dv.getUint32(src.pos), 0xdeadbeef);
});

test('discard skips bytes that have not arrived yet; retains tracks live chunks', () => {
  const src = new ByteSource();
  const a = Buffer.alloc(10);
  src.push(a);
  assert.equal(src.discard(25), 15);
  assert.equal(src.available, 0);
  assert.equal(src.retains(a), false);
  const b = Buffer.alloc(10);
  src.push(b);
  assert.equal(src.retains(b), true);
  assert.equal(src.offset, 10);
});

test('1-byte chunks: consumed chunks are let go of, offsets stay exact', () => {
  const src = new ByteSource();
  for (let i = 0; i < 10_000; i++) {
    src.push(Uint8Array.of(i & 255));
    if (src.view(2)) {
      assert.equal(src.buf[src.pos], (i - 1) & 255);
      src.skip(2);
    }
  }
  assert.equal(src.offset, 10_000);
  assert.equal(src.available, 0);
});
