/**
 * `dns lint`: every zone file on its own, then all of them together (forward against reverse).
 *
 * @example
 *   const r = lintZoneFiles([{ file: 'db.example.org' }, { file: 'db.192.0.2', origin: '2.0.192.in-addr.arpa' }]);
 *   r.findings.filter((f) => f.severity === 'fail');
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { NetdoctorError } from '../../../core/errors.js';
import { type Finding, sortBySeverity } from '../../../core/findings.js';
import { inputError } from '../../../core/input.js';
import { ZONE_CHECKS } from '../checks/index.js';
import { ZONE_ERRORS } from '../error-messages.js';
import type { Zone } from '../model.js';
import { parseZoneFile } from '../parse.js';
import type { LintContext, LintEvidence } from './check.js';
import { viewOf, type ZoneView } from './view.js';

export interface LintInput {
  file: string;
  /** The zone's name; inferred from `$ORIGIN`, the SOA owner or the file name when absent. */
  origin?: string;
}

export interface LintOptions {
  /** The day serials are judged against (default: now). */
  today?: Date;
  /** Addresses that send mail (their PTRs weigh as much as the MX hosts'). */
  sendingIps?: string[];
  /** `$INCLUDE` jail (default: each zone file's folder); `false` allows any file. */
  includeRoot?: string | false;
}

export interface ZoneSummary {
  file: string;
  origin: string;
  serial?: number;
  records: number;
  files: string[];
  /** Whether named would load this zone (no finding that makes BIND refuse it). */
  loads: boolean;
}

export interface LintResult {
  zones: ZoneSummary[];
  findings: Finding[];
  /** The parsed zones, in input order (for `compareZonesWithServer`). */
  parsed: Zone[];
}

/**
 * The zone's name when the user did not give one: the first `$ORIGIN` before any record, an
 * absolute SOA owner, or the file name (`db.example.org`, `example.org.zone`,
 * `2.0.192.in-addr.arpa.db`, `example.org.hosts`).
 */
export function inferOrigin(file: string): string {
  let head = '';
  try {
    // The first 64 KiB only: a million-record zone is not read twice for its name. A pipe or a
    // device cannot be read twice at all: its name comes from --origin.
    if (!statSync(file).isFile())
      throw new NetdoctorError('ND_USAGE', ZONE_ERRORS.noOrigin, { input: file, option: 'origin' });
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(65536);
      head = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof NetdoctorError) throw e;
    throw inputError(e, file);
  }
  for (const raw of head.split('\n')) {
    const line = raw.replace(/;.*/, '').trimEnd();
    if (!line.trim()) continue;
    const m = /^\$ORIGIN\s+(\S+\.)\s*$/i.exec(line);
    if (m) return m[1] as string;
    if (/^\$(TTL|INCLUDE|GENERATE)/i.test(line)) continue;
    const soa = /^(\S+\.)\s+(?:\S+\s+){0,2}SOA\s/i.exec(line);
    if (soa) return soa[1] as string;
    break;
  }
  const base = path
    .basename(file)
    .replace(/^(db|zone|pri|master)\./i, '')
    .replace(/\.(zone|db|hosts|rev|fwd|txt|signed)$/i, '');
  if (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(base)) return base;
  throw new NetdoctorError('ND_USAGE', ZONE_ERRORS.noOrigin, { input: file, option: 'origin' });
}

/** Lints parsed zones (as `parseZoneText`/`parseZoneFile` return them, errors collected). */
export function lintZones(zones: Zone[], options: LintOptions = {}): LintResult {
  const views: ZoneView[] = zones.map(viewOf);
  const ctx: LintContext = {
    zones: views,
    today: options.today ?? new Date(),
    sendingIps: options.sendingIps ?? [],
  };
  const findings: Finding[] = [];
  const refused = new Set<ZoneView>();
  for (const check of ZONE_CHECKS) {
    if (check.scope === 'set') {
      findings.push(...check.run(ctx));
      continue;
    }
    for (const v of views) {
      const fs = check.run(v, ctx);
      if (fs.some((f) => (f.evidence as LintEvidence | undefined)?.bindRefuses)) refused.add(v);
      findings.push(...fs);
    }
  }
  const zonesOut = views.map((v) => {
    const s: ZoneSummary = {
      file: v.zone.files[0] ?? '',
      origin: v.origin,
      records: v.records.length,
      files: v.zone.files,
      loads: !refused.has(v),
    };
    if (v.soa) s.serial = v.soa.data.serial;
    return s;
  });
  return { zones: zonesOut, findings: sortBySeverity(findings), parsed: zones };
}

/** Reads the zone files (errors collected line by line) and lints them together. */
export function lintZoneFiles(inputs: LintInput[], options: LintOptions = {}): LintResult {
  const zones = inputs.map((i) => {
    const origin = i.origin ?? inferOrigin(i.file);
    const opts = { origin, onError: 'collect' as const };
    return parseZoneFile(
      i.file,
      options.includeRoot === undefined ? opts : { ...opts, includeRoot: options.includeRoot },
    );
  });
  return lintZones(zones, options);
}
