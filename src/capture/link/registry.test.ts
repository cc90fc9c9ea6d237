/**
 * Registries are sorted static lists, and a forgotten line fails silently: every link decoder in
 * link/ is imported by link/index.ts, and every decoder in decoders/ by network.ts or transport.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

function modules(dir: string, except: string[]): string[] {
  return readdirSync(here(dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !except.includes(f))
    .map((f) => f.replace(/\.ts$/, '.js'))
    .sort();
}

test('every link decoder is registered in link/index.ts', () => {
  // 802.11 is registered there and also reached through radiotap.
  const index = readFileSync(here('./index.ts'), 'utf8');
  const missing = modules('./', ['index.ts']).filter((m) => !index.includes(`from './${m}'`));
  assert.deepEqual(missing, []);
});

test('every network, transport and tunnel decoder is registered in its registry (by ethertype, IP protocol, UDP port or GRE type)', () => {
  const registries = [
    '../decoders/network.ts',
    '../decoders/transport.ts',
    '../decoders/ipv4.ts',
    '../decoders/udp.ts',
    '../decoders/gre.ts',
    '../decoders/vxlan-gpe.ts',
  ]
    .map((p) => readFileSync(here(p), 'utf8'))
    .join('\n');
  const missing = modules('../decoders/', ['index.ts', 'layers.ts', 'network.ts', 'transport.ts']).filter(
    (m) => !registries.includes(`from './${m}'`),
  );
  assert.deepEqual(missing, []);
});
