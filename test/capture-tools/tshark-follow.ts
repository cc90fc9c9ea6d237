/**
 * tshark as the oracle for `follow`: its stream indexes and `-z follow,tcp,raw,N` output parsed
 * into the bytes each node sent.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TsharkStream {
  index: number;
  nodes: [string, string];
  /** Bytes sent by node 0 and node 1, hex. */
  hex: [string, string];
}

/** The TCP stream indexes tshark assigns in `file`. */
export async function tsharkStreams(file: string, protocol: 'tcp' | 'udp'): Promise<number[]> {
  const { stdout } = await run('tshark', ['-r', file, '-T', 'fields', '-e', `${protocol}.stream`], {
    maxBuffer: 1 << 28,
  });
  const seen = new Set<number>();
  for (const line of stdout.split('\n'))
    for (const v of line.split(',')) if (v.trim() !== '') seen.add(Number(v));
  return [...seen].sort((a, b) => a - b);
}

/** Every stream in `indexes` followed by one tshark run. */
export async function tsharkFollow(
  file: string,
  protocol: 'tcp' | 'udp',
  indexes: number[],
): Promise<TsharkStream[]> {
  const args = ['-r', file, '-q'];
  for (const i of indexes) args.push('-z', `follow,${protocol},raw,${i}`);
  const { stdout } = await run('tshark', args, { maxBuffer: 1 << 28 });
  const out: TsharkStream[] = [];
  for (const block of stdout.split(/^=+$/m)) {
    const filter = /Filter: \w+\.stream eq (\d+)/.exec(block);
    if (!filter) continue;
    const n0 = /Node 0: (.*)$/m.exec(block)?.[1] ?? '';
    const n1 = /Node 1: (.*)$/m.exec(block)?.[1] ?? '';
    const hex: [string, string] = ['', ''];
    for (const line of block.split('\n')) {
      const m = /^(\t?)([0-9a-f]+)$/.exec(line);
      if (!m) continue;
      hex[m[1] ? 1 : 0] += m[2];
    }
    out.push({ index: Number(filter[1]), nodes: [n0, n1], hex });
  }
  return out;
}
