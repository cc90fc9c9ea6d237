/**
 * `pcap io`: packets and bytes per interval (Wireshark's I/O graph), as a table and as an SVG
 * chart (`--chart out.svg`) — people would rather look at a traffic graph than read it.
 */
import { NetdoctorError } from '../../core/errors.js';
import { CAPTURE_ERRORS } from '../error-messages.js';

/** Intervals beyond this many are refused: a larger --interval is the answer. */
export const MAX_BUCKETS = 1_000_000;

export class IoCounter {
  private t0 = Number.NaN;
  packets: number[] = [];
  bytes: number[] = [];
  /** Frames timestamped before the first frame (out of order), by how many intervals before. */
  private early = new Map<number, [number, number]>();

  constructor(readonly interval: number) {}

  add(time: number, bytes: number): void {
    if (Number.isNaN(this.t0)) this.t0 = time;
    const i = Math.floor((time - this.t0) / this.interval);
    if (i < 0) {
      const e = this.early.get(i) ?? [0, 0];
      e[0]++;
      e[1] += bytes;
      this.early.set(i, e);
      return;
    }
    if (i >= MAX_BUCKETS) {
      throw new NetdoctorError('ND_INPUT_TOO_LARGE', CAPTURE_ERRORS.tooManyIntervals, {
        option: 'ioInterval',
        params: { max: MAX_BUCKETS, seconds: this.interval },
      });
    }
    while (this.packets.length <= i) {
      this.packets.push(0);
      this.bytes.push(0);
    }
    this.packets[i]!++;
    this.bytes[i]! += bytes;
  }

  /** The series from the earliest frame on, with each interval's start in seconds since the epoch. */
  series(): IoSeries {
    const shift = this.early.size ? -Math.min(...this.early.keys()) : 0;
    const n = this.packets.length + shift;
    const rows: IoInterval[] = [];
    for (let j = 0; j < n; j++) {
      const i = j - shift;
      const e = i < 0 ? this.early.get(i) : undefined;
      rows.push({
        start: Number.isNaN(this.t0) ? 0 : this.t0 + i * this.interval,
        offset: i * this.interval,
        packets: i < 0 ? (e?.[0] ?? 0) : this.packets[i]!,
        bytes: i < 0 ? (e?.[1] ?? 0) : this.bytes[i]!,
      });
    }
    return { interval: this.interval, intervals: rows };
  }
}

export interface IoInterval {
  /** Start of the interval, seconds since the epoch. */
  start: number;
  /** Start relative to the first frame, seconds. */
  offset: number;
  packets: number;
  bytes: number;
}

export interface IoSeries {
  interval: number;
  intervals: IoInterval[];
}

/** Parses `1s`, `500ms`, `2m`, `0.1` (seconds) into seconds. */
export function parseInterval(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m)
    throw new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.notDuration, {
      option: 'ioInterval',
      params: { text },
    });
  const n = Number(m[1]);
  const s = m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : m[2] === 'h' ? n * 3600 : n;
  if (!(s >= 0.001 && s <= 86400)) {
    throw new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.durationRange, {
      option: 'ioInterval',
      params: { text },
    });
  }
  return s;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceBits(bps: number): string {
  const u = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let v = bps;
  let i = 0;
  while (v >= 1000 && i < u.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${u[i]}`;
}

/** A self-contained SVG line chart of bits per second (and packets per second, dashed). */
export function ioChartSvg(series: IoSeries, title: string): string {
  const W = 900;
  const H = 360;
  const left = 80;
  const right = 70;
  const top = 40;
  const bottom = 50;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const rows = series.intervals;
  const bps = rows.map((r) => (8 * r.bytes) / series.interval);
  const pps = rows.map((r) => r.packets / series.interval);
  const maxB = Math.max(1, ...bps);
  const maxP = Math.max(1, ...pps);
  const n = Math.max(1, rows.length - 1);
  const x = (i: number) => left + (pw * i) / n;
  const line = (vals: number[], max: number) =>
    vals
      .map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${(top + ph - (ph * v) / max).toFixed(1)}`)
      .join(' ');
  const grid: string[] = [];
  for (let g = 0; g <= 4; g++) {
    const y = top + ph - (ph * g) / 4;
    grid.push(
      `<line x1="${left}" y1="${y}" x2="${left + pw}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${esc(niceBits((maxB * g) / 4))}</text>`,
      `<text x="${left + pw + 6}" y="${y + 4}" font-size="11" fill="#c60">${((maxP * g) / 4).toFixed(0)} pkt/s</text>`,
    );
  }
  const span = rows.length * series.interval;
  const ticks: string[] = [];
  for (let t = 0; t <= 5; t++) {
    const i = Math.round((n * t) / 5);
    ticks.push(
      `<text x="${x(i).toFixed(1)}" y="${top + ph + 18}" text-anchor="middle" font-size="11">${((span * t) / 5).toFixed(span < 10 ? 1 : 0)} s</text>`,
    );
  }
  const start = rows[0] ? new Date(Math.floor(rows[0].start * 1000)).toISOString() : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="${left + pw}" y="22" font-size="11" text-anchor="end">interval ${series.interval} s, from ${esc(start)}</text>`,
    ...grid,
    ...ticks,
    `<path d="${line(bps, maxB)}" fill="none" stroke="#06c" stroke-width="1.5"/>`,
    `<path d="${line(pps, maxP)}" fill="none" stroke="#c60" stroke-width="1" stroke-dasharray="4 3"/>`,
    `<text x="${left}" y="${H - 12}" font-size="11" fill="#06c">— bits per second (left)</text>`,
    `<text x="${left + 200}" y="${H - 12}" font-size="11" fill="#c60">- - packets per second (right)</text>`,
    '</svg>',
    '',
  ].join('\n');
}
