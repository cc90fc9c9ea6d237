/** The capture files of the shared corpora, read by path (never copied into the repo). */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from '../harness/corpus.js';

/** Every file under the folder whose name looks like a capture (pcap, pcapng, .gz, numbered). */
export function captureFiles(corpus: string, sub = ''): string[] {
  const root = corpusDir(corpus);
  if (!root) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(pcap|pcapng|cap)(\.gz|\.\d+)?$/.test(name)) out.push(p);
    }
  };
  walk(path.join(root, sub));
  return out;
}

/** `corpus/relative/path`, for messages. */
export function corpusName(file: string): string {
  const parts = file.split(path.sep);
  const i = parts.lastIndexOf('corpus');
  return parts.slice(i + 1).join('/');
}
