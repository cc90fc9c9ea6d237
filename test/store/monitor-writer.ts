/**
 * One writer process of the monitor-history concurrency test: saves `batches` batches of results
 * into the PostgreSQL at argv[2]; rows are numbered so that every row also reaches another writer.
 * Prints the number of batches it saved.
 */
import { PostgresMonitorHistory } from '../../src/store/monitor-history-postgres.js';

const [url, writerArg, batchesArg, sizeArg, t0Arg] = process.argv.slice(2);
const writer = Number(writerArg);
const batches = Number(batchesArg);
const size = Number(sizeArg);
const t0 = Number(t0Arg);
const WRITERS = 4;
const h = await PostgresMonitorHistory.open(url as string, { retryForMs: 120_000 });
let saved = 0;
for (let b = 0; b < batches; b++) {
  // Writer k writes the rows of "slots" k and k+1 (mod 4): each slot reaches exactly two writers.
  const rows = [];
  for (const slot of [writer, (writer + 1) % WRITERS])
    for (let i = 0; i < size; i++) {
      const n = b * size + i;
      rows.push({
        check: `c${slot}-${n % 10}`,
        ts: t0 + n * 1000,
        state: (n % 7 === 0 ? 'critical' : 'ok') as 'critical' | 'ok',
        durationMs: n % 50,
        finding: n % 7 === 0 ? 'monitor.connect.refused' : 'monitor.ok',
      });
    }
  await h.save(rows);
  saved++;
}
await h.close();
process.stdout.write(`${saved}\n`);
