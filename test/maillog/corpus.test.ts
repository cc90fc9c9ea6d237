/**
 * The parsing corpus: every test line of whyscream/postfix-grok-patterns (each Postfix daemon,
 * wrapped in a syslog header for its daemon) and CrowdSec's Postfix and postscreen logs, plus
 * those lines cut at every length class. No line crashes the reader; unknown lines are counted
 * and kept for `--unparsed`; the share understood is pinned so a regression shows.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { summarizeMailLog } from '../../src/maillog/index.js';
import { corpusDir, corpusSkip } from '../harness/corpus.js';

/** The grok file prefix → the daemon that writes such lines. */
const DAEMON: Record<string, string> = {
  command_counter_data: 'smtpd',
  tls_features: 'smtp',
  delays: 'smtp',
  relay: 'smtp',
  script: 'postfix-script',
  dnsblog: 'dnsblog',
};

function grokLines(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(path.join(dir, 'test')).sort()) {
    const prefix = f.replace(/_\d+\.yaml$/, '');
    const daemon = DAEMON[prefix] ?? prefix;
    for (const m of readFileSync(path.join(dir, 'test', f), 'utf8').matchAll(/^data:\s*(.*)$/gm)) {
      let data = (m[1] as string).trim();
      if (data.startsWith('"')) data = JSON.parse(data) as string;
      else if (data.startsWith("'")) data = data.slice(1, -1).replace(/''/g, "'");
      const program = daemon === 'postfix-script' ? 'postfix/postfix-script' : `postfix/${daemon}`;
      out.push(`Oct 26 18:13:50 mx ${program}[4242]: ${data}`);
    }
  }
  return out;
}

async function summarizeText(text: string, keepUnparsed = 0) {
  const stdin = new PassThrough();
  stdin.end(text);
  return summarizeMailLog(['-'], { stdin, keepUnparsed, now: Date.UTC(2026, 11, 6) });
}

describe('parsing corpus', () => {
  it('postfix-grok-patterns: every daemon line read, unknown ones counted', {
    skip: corpusSkip('postfix-grok-patterns'),
  }, async () => {
    const lines = grokLines(corpusDir('postfix-grok-patterns') as string);
    assert.ok(lines.length > 180, `${lines.length} lines`);
    const r = await summarizeText(`${lines.join('\n')}\n`, 1000);
    assert.equal(r.summary.lines.postfix, lines.length);
    const understood = lines.length - r.summary.lines.unparsed;
    console.log(
      `grok corpus: ${understood} of ${lines.length} lines understood; unparsed:\n${r.summary.unparsedExamples.join('\n')}`,
    );
    assert.ok(understood / lines.length >= 0.9, `${understood}/${lines.length}`);
    assert.equal(r.summary.unparsedExamples.length, r.summary.lines.unparsed);
  });

  it('the same lines cut short at every length: nothing crashes', {
    skip: corpusSkip('postfix-grok-patterns'),
  }, async () => {
    const lines = grokLines(corpusDir('postfix-grok-patterns') as string);
    const cut: string[] = [];
    for (const l of lines.filter((x) => !x.includes('\n')))
      for (let n = 1; n < l.length; n += 7) cut.push(l.slice(0, n));
    const r = await summarizeText(`${cut.join('\n')}\n`);
    assert.equal(r.inputs[0]?.lines, cut.length);
    assert.ok(r.summary.lines.unparsed > 0);
  });

  it('CrowdSec Postfix and postscreen logs', { skip: corpusSkip('crowdsec-logs') }, async () => {
    const root = corpusDir('crowdsec-logs') as string;
    const files = readdirSync(root)
      .filter((d) => d.startsWith('postfix-') || d === 'postscreen-logs')
      .flatMap((d) =>
        readdirSync(path.join(root, d))
          .filter((f) => f.endsWith('.log'))
          .map((f) => path.join(root, d, f)),
      );
    assert.ok(files.length >= 7);
    const r = await summarizeMailLog(files, { keepUnparsed: 100 });
    assert.deepEqual(
      r.inputs.filter((i) => i.problem),
      [],
    );
    const lines = r.inputs.reduce((n, i) => n + i.lines, 0);
    // Every non-empty line is a Postfix line, another program's, or counted as unparsed.
    const blank = files.reduce(
      (n, f) =>
        n +
        readFileSync(f, 'utf8')
          .split('\n')
          .slice(0, -1)
          .filter((l) => l.trim() === '').length,
      0,
    );
    assert.equal(r.summary.lines.postfix + r.summary.lines.other + r.summary.lines.unparsed + blank, lines);
    assert.ok(r.summary.totals.rejected > 0);
    assert.ok(r.summary.warnings.length > 0);
  });
});
