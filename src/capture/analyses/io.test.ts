import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IoCounter, ioChartSvg, parseInterval } from './io.js';

test('parseInterval reads ms, s, m, h and refuses nonsense naming --interval', () => {
  assert.equal(parseInterval('1s'), 1);
  assert.equal(parseInterval('250ms'), 0.25);
  assert.equal(parseInterval('5m'), 300);
  assert.equal(parseInterval('0.5'), 0.5);
  assert.throws(() => parseInterval('fast'), /--interval|duration/);
  assert.throws(() => parseInterval('0s'), /from 1ms/);
});

test('frames fall into intervals from the first frame; an earlier frame gets its own interval', () => {
  const io = new IoCounter(1);
  io.add(100.2, 60);
  io.add(100.9, 40);
  io.add(102.5, 1000);
  io.add(99.5, 10); // out of order, before the first frame
  const s = io.series();
  assert.deepEqual(
    s.intervals.map((i) => [i.offset, i.packets, i.bytes]),
    [
      [-1, 1, 10],
      [0, 2, 100],
      [1, 0, 0],
      [2, 1, 1000],
    ],
  );
});

test('the SVG chart is a standalone image with both series', () => {
  const io = new IoCounter(1);
  for (let t = 0; t < 10; t++) io.add(1000 + t, 1000 * t);
  const svg = ioChartSvg(io.series(), 'office <uplink>');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /office &lt;uplink&gt;/);
  assert.equal((svg.match(/<path /g) ?? []).length, 2);
});
