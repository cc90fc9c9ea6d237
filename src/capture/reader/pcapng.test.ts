import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureParser } from './open.js';
import type { CaptureRecord } from './record.js';

/** A pcapng block in either byte order: type, length, body (padded), length. */
function block(le: boolean, type: number, body: Buffer): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const b = Buffer.alloc(12 + padded.length);
  const w = (v: number, o: number) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  w(type, 0);
  w(b.length, 4);
  padded.copy(b, 8);
  w(b.length, b.length - 4);
  return b;
}

function option(le: boolean, code: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  if (le) {
    h.writeUInt16LE(code, 0);
    h.writeUInt16LE(value.length, 2);
  } else {
    h.writeUInt16BE(code, 0);
    h.writeUInt16BE(value.length, 2);
  }
  return Buffer.concat([h, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function u64(le: boolean, v: number): Buffer {
  const b = Buffer.alloc(8);
  if (le) b.writeBigUInt64LE(BigInt(v));
  else b.writeBigUInt64BE(BigInt(v));
  return b;
}

function capture(le: boolean): Buffer {
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    return b;
  };
  const shbBody = Buffer.alloc(16);
  if (le) {
    shbBody.writeUInt32LE(0x1a2b3c4d, 0);
    shbBody.writeUInt16LE(1, 4);
  } else {
    shbBody.writeUInt32BE(0x1a2b3c4d, 0);
    shbBody.writeUInt16BE(1, 4);
  }
  shbBody.fill(0xff, 8);
  const idbHead = Buffer.alloc(8);
  if (le) idbHead.writeUInt16LE(1, 0);
  else idbHead.writeUInt16BE(1, 0);
  // if_tsresol 9 (nanoseconds), if_name "eth0", an unknown option 2989 that must be skipped.
  const idb = Buffer.concat([
    idbHead,
    option(le, 9, Buffer.from([9])),
    option(le, 2, Buffer.from('eth0')),
    option(le, 2989, Buffer.from('xyz')),
    Buffer.alloc(4),
  ]);
  const ns = 1_700_000_000_123_456_789n;
  const frame = Buffer.alloc(60, 0xab);
  const epb = Buffer.concat([
    u32(0),
    u32(Number(ns >> 32n)),
    u32(Number(ns & 0xffffffffn)),
    u32(60),
    u32(64),
    frame,
  ]);
  const isb = Buffer.concat([
    u32(0),
    u32(0),
    u32(0),
    option(le, 4, u64(le, 1000)),
    option(le, 5, u64(le, 5)),
    option(le, 7, u64(le, 2)),
    Buffer.alloc(4),
  ]);
  return Buffer.concat([
    block(le, 0x0a0d0d0a, shbBody),
    block(le, 1, idb),
    block(le, 0x0bad, Buffer.from('a custom block nobody knows')),
    block(le, 6, epb),
    block(le, 5, isb),
  ]);
}

for (const le of [true, false]) {
  test(`a hand-built ${le ? 'little' : 'big'}-endian pcapng: ns timestamp, name, unknown blocks and options skipped, statistics`, () => {
    const frames: [bigint, number, number, number][] = [];
    const parser = new CaptureParser('built.pcapng', (r: CaptureRecord) => {
      frames.push([
        BigInt(r.tsSec) * 1_000_000_000n + BigInt(r.tsNsec),
        r.capturedLength,
        r.originalLength,
        r.data[r.offset]!,
      ]);
    });
    parser.push(capture(le));
    const reader = parser.end();
    assert.deepEqual(frames, [[1_700_000_000_123_456_789n, 60, 64, 0xab]]);
    assert.equal(reader.byteOrder, le ? 'little-endian' : 'big-endian');
    const iface = reader.interfaces[0]!;
    assert.equal(iface.name, 'eth0');
    assert.equal(iface.unitsPerSecond, 1e9);
    assert.deepEqual(iface.statistics, { received: 1000, droppedByInterface: 5, droppedByOs: 2 });
  });
}
