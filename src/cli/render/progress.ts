/**
 * Progress drawn on stderr for long work: a single self-overwriting line on a terminal, nothing
 * when stderr is a pipe or file (unless forced with --progress, which prints a line every few
 * seconds). The library reports through the `Progress` interface of `core/progress.ts`.
 *
 * @example
 *   const progress = createProgress(process.stderr);
 *   await readDmarc(files, { progress });
 *   progress.done();
 */
import { type Progress, silentProgress } from '../../core/progress.js';

function human(n: number, unit: 'bytes' | 'items'): string {
  if (unit === 'items') return n.toLocaleString('en-US');
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function createProgress(stream: NodeJS.WriteStream | NodeJS.WritableStream, force = false): Progress {
  const tty = 'isTTY' in stream && stream.isTTY === true;
  if (!tty && !force) return silentProgress;
  const interval = tty ? 200 : 5000;
  let last = 0;
  let drawn = false;
  return {
    update(label, done, total, unit = 'items') {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      const pct = total ? ` ${((100 * done) / total).toFixed(1)}%` : '';
      const of = total ? ` / ${human(total, unit)}` : '';
      const line = `${label}: ${human(done, unit)}${of}${pct}`;
      if (tty) {
        stream.write(`\r\x1b[K${line}`);
        drawn = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
