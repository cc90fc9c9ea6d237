/** The WAF summary's findings: damaged inputs, the engine mode, attacks that passed, heavy sources, scanners, false-positive clusters. */
import { isIP } from 'node:net';
import { type Finding, finding } from '../core/findings.js';
import { type Exclusion, exclusionFor } from './exclusions.js';
import { ruleFamily } from './families.js';
import type { AuditInputReport } from './read.js';
import type { Cluster, WafSummaryResult } from './summary.js';

export interface FindingOptions {
  /** A source blocked this many times is named (default 20). */
  heavySource?: number;
  /** A cluster is a false-positive suspect from this many distinct clients (default 3) … */
  minSources?: number;
  /** … and this many rule hits (default 3). */
  minHits?: number;
  /** Suspect clusters turned into findings (the rest stay in the data; default 10). */
  maxClusters?: number;
  /** The first rule id of the exclusion snippets (default 10000; ModSecurity leaves 1–99 999 to local rules). */
  ruleIdBase?: number;
}

export interface TriagedCluster extends Cluster {
  /** Meets the thresholds: shown as a `waf.fp.candidate` finding. */
  suspect: boolean;
  exclusion?: Exclusion;
}

const both = (en: string, ja: string) => ({ en, ja });

/** The clusters with their exclusion snippets (ids numbered from `ruleIdBase` in the order given). */
export function triage(s: WafSummaryResult, o: FindingOptions = {}): TriagedCluster[] {
  const minSources = o.minSources ?? 3;
  const minHits = o.minHits ?? 3;
  let next = o.ruleIdBase ?? 10000;
  return s.clusters.map((c) => {
    const exclusion = exclusionFor({ ruleId: c.ruleId, path: c.path, target: c.target }, next);
    if (exclusion) next++;
    return {
      ...c,
      suspect: c.sources >= minSources && c.hits >= minHits,
      ...(exclusion ? { exclusion } : {}),
    };
  });
}

function familyWords(codes: readonly string[]): { en: string; ja: string } {
  const names = codes.map((c) => ruleFamily(c === '903' ? '9001000' : `${c}000`));
  return both(
    names.map((f) => `${f.code} ${f.en}`).join(', '),
    names.map((f) => `${f.code} ${f.ja}`).join('、'),
  );
}

function clusterFinding(c: TriagedCluster): Finding {
  const fam = ruleFamily(c.ruleId);
  const noSnippet = both(
    '(no snippet: the path or parameter name has characters that cannot be written safely into a rule; write it by hand)',
    '（スニペットなし: パスまたはパラメーター名にルールへ安全に書けない文字が含まれています。手で書いてください）',
  );
  const noTarget = both(
    '(the log does not say which variable matched: only the path-limited exclusion above applies)',
    '（どの変数に一致したかがログにないため、上のパスを限定した除外だけが使えます）',
  );
  return finding(
    'waf.fp.candidate',
    'info',
    {
      rule: c.ruleId,
      family: both(fam.en, fam.ja),
      target: c.target || '-',
      host: c.host,
      path: c.path,
      hits: c.hits,
      sources: c.sourcesCapped ? `${c.sources}+` : c.sources,
      msg: c.msg || '-',
      example: c.example || '-',
      runtime: c.exclusion?.runtime ?? noSnippet,
      configure: c.exclusion ? (c.exclusion.configure ?? noTarget) : noSnippet,
    },
    {
      host: c.host,
      ruleId: c.ruleId,
      path: c.path,
      target: c.target,
      hits: c.hits,
      entries: c.entries,
      blocked: c.blocked,
      sources: c.sources,
      ...(c.exclusion ? { exclusion: c.exclusion } : {}),
    },
  );
}

export function wafFindings(
  s: WafSummaryResult,
  inputs: readonly AuditInputReport[],
  clusters: readonly TriagedCluster[],
  unparsedByInput: ReadonlyMap<string, string>,
  o: FindingOptions = {},
): Finding[] {
  const out: Finding[] = [];
  for (const i of inputs) {
    const p = i.problems[0];
    if (p)
      out.push(
        finding(
          'waf.input.problem',
          'warn',
          { input: i.name, problem: both(p.sentence('en'), p.sentence('ja')), count: i.problemCount },
          {
            input: i.name,
            problems: i.problems.map((x) => ({ code: x.code, input: x.input, message: x.message })),
          },
        ),
      );
    if (i.unparsed > 0)
      out.push(
        finding('waf.input.unparsed', 'warn', {
          input: i.name,
          count: i.unparsed,
          sample: unparsedByInput.get(i.name) ?? '-',
        }),
      );
  }
  const t = s.totals;
  if (t.entries + t.filteredOut === 0) {
    out.push(
      finding('waf.no-entries', 'warn', { inputs: inputs.map((i) => (i.name === '-' ? 'stdin' : i.name)) }),
    );
    return out;
  }
  if (t.detectionOnly > 0)
    out.push(finding('waf.engine.detection-only', 'warn', { count: t.detectionOnly, entries: t.entries }));
  if (s.attacksPassed.entries > 0)
    out.push(
      finding(
        'waf.attack.passed',
        'warn',
        {
          count: s.attacksPassed.entries,
          uris: s.attacksPassed.uris.slice(0, 5).map((u) => `${u.key} (${u.entries})`),
        },
        { uris: s.attacksPassed.uris },
      ),
    );
  const heavy = o.heavySource ?? 20;
  // The 10 sources blocked most (the table has the rest).
  for (const src of s.sources.filter((x) => x.blocked >= heavy && x.key !== '-').slice(0, 10)) {
    out.push(
      finding(
        'waf.source.heavy',
        'warn',
        {
          source: src.key,
          family: isIP(src.key) === 6 ? 'ipv6' : 'ipv4',
          blocked: src.blocked,
          entries: src.entries,
          families: src.families.filter((f) => !['949', '959', '980', '901'].includes(f)),
        },
        src,
      ),
    );
  }
  if (s.scanners.length > 0) {
    const count = s.scanners.reduce((n, x) => n + x.entries, 0);
    const sources = new Set(s.scanners.map((x) => x.key)).size;
    const agents = [...new Set(s.scanners.map((x) => x.userAgent || '-'))].slice(0, 5);
    out.push(finding('waf.scanner.seen', 'info', { count, sources, agents }, { scanners: s.scanners }));
  }
  const suspects = clusters.filter((c) => c.suspect).slice(0, o.maxClusters ?? 10);
  for (const c of suspects) out.push(clusterFinding(c));
  if (t.withHits === 0) out.push(finding('waf.quiet', 'ok', { entries: t.entries }));
  else {
    const top = s.families
      .filter((f) => !['949', '959', '980', '901'].includes(f.family))
      .slice(0, 3)
      .map((f) => f.family);
    out.push(
      finding('waf.blocked', 'info', {
        blocked: t.blocked,
        entries: t.entries,
        families: top.length ? familyWords(top) : both('-', '-'),
        maxScore: s.maxScore,
      }),
    );
  }
  return out;
}
