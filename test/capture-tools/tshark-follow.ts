/**
 * tshark as the oracle for `follow`: its stream indexes and `-z follow,tcp,raw,N` output parsed
 * into the bytes each node sent.
 *
 * Where the capture lacks bytes of a TCP stream, tshark's raw output does not skip them silently:
 * it writes a line of its own, the hex of the text `[N bytes missing in capture file]` and a NUL,
 * among the data lines. Those lines are gaps, not data: they become the token `<gap:N>` in `hex`,
 * the same token `followHex` writes for follow's `missing` chunks, so the gaps are compared too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TsharkStream {
  index: number;
  nodes: [string, string];
  /** Bytes sent by node 0 and node 1, hex, with `<gap:N>` where N bytes are missing. */
  hex: [string, string];
}

const GAP = /^\[(\d+) bytes? missing in capture file\]\0$/;

/** One raw-output data line: its hex, or `<gap:N>` when it is tshark's missing-bytes notice. */
function dataLine(hex: string): string {
  const gap = GAP.exec(Buffer.from(hex, 'hex').toString('latin1'));
  return gap ? `<gap:${gap[1]}>` : hex;
}

/** follow's chunks of one direction in the same notation: data as hex, `<gap:N>` for missing bytes. */
export function followHex(
  chunks: readonly { direction: number; data?: Uint8Array; missing?: number }[],
  direction: number,
): string {
  let out = '';
  for (const c of chunks) {
    if (c.direction !== direction) continue;
    if (c.missing) out += `<gap:${c.missing}>`;
    if (c.data) out += Buffer.from(c.data).toString('hex');
  }
  return out;
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
      hex[m[1] ? 1 : 0] += dataLine(m[2] as string);
    }
    out.push({ index: Number(filter[1]), nodes: [n0, n1], hex });
  }
  return out;
}
