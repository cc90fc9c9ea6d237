/**
 * How long work reports its progress: the library calls `update` as it goes and `done` at the
 * end; what becomes of it (a line on a terminal, nothing) is the caller's choice — the CLI draws
 * it (`cli/render/progress.ts`). The library never writes to a terminal itself.
 *
 * @example
 *   await readDmarc(files, { progress: { update: (label, done, total) => bar.set(done / total!), done() {} } });
 */

export interface Progress {
  /** Reports `done` of `total` units (total unknown: omit it); called often, so it must be cheap. */
  update(label: string, done: number, total?: number, unit?: 'bytes' | 'items'): void;
  /** The work is over (a drawn line is cleared). */
  done(): void;
}

export const silentProgress: Progress = { update() {}, done() {} };
