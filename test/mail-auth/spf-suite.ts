/**
 * Loads and runs the RFC 7208 SPF suite (openspf.org YAML, `../shared/corpus/spf-rfc7208-suite/`)
 * against an evaluator, each scenario's DNS served by `SuiteDns` to netdoctor's Resolver.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Resolver } from '../../src/dns/resolver.js';
import { SuiteDns, type ZoneData } from './suite-dns.js';

export interface SuiteCase {
  scenario: string;
  id: string;
  helo: string;
  host: string;
  mailfrom: string;
  expected: string[];
}

export interface Scenario {
  description: string;
  zonedata: ZoneData;
  cases: SuiteCase[];
}

export async function loadSuite(dir: string, file = 'pyspf/rfc7208-tests.yml'): Promise<Scenario[]> {
  const text = await readFile(path.join(dir, file), 'utf8');
  return parseAllDocuments(text).map((doc) => {
    const d = doc.toJS() as {
      description: string;
      zonedata?: ZoneData;
      tests: Record<string, { helo?: string; host: string; mailfrom?: string; result: string | string[] }>;
    };
    return {
      description: d.description,
      zonedata: d.zonedata ?? {},
      cases: Object.entries(d.tests).map(([id, t]) => ({
        scenario: d.description,
        id,
        helo: String(t.helo ?? ''),
        host: String(t.host),
        mailfrom: String(t.mailfrom ?? ''),
        expected: Array.isArray(t.result) ? t.result : [t.result],
      })),
    };
  });
}

export type Evaluator = (c: SuiteCase, resolver: Resolver) => Promise<string>;

export interface CaseOutcome {
  case: SuiteCase;
  got: string;
  pass: boolean;
}

export async function runSuite(scenarios: Scenario[], evaluate: Evaluator): Promise<CaseOutcome[]> {
  const dns = await SuiteDns.start();
  const out: CaseOutcome[] = [];
  try {
    for (const s of scenarios) {
      dns.serve(s.zonedata);
      for (const c of s.cases) {
        // A fresh resolver per case: its cache must not carry answers across scenarios.
        const resolver = new Resolver({ servers: [dns.address], timeoutMs: 250, retries: 0 });
        const got = await evaluate(c, resolver);
        out.push({ case: c, got, pass: c.expected.includes(got) });
      }
    }
  } finally {
    await dns.close();
  }
  return out;
}
