/**
 * `mail dkim rotate`: the dated plan for replacing selector S1 by S2 without a message in flight
 * failing DKIM. Receivers verify when the message arrives, sometimes days after it was signed
 * (queues, greylisting, forwarding), and resolvers keep answers for the record's TTL, so:
 *
 *   1. publish S2 (the new key) beside S1;
 *   2. wait until every resolver can see S2 (its TTL, and the SOA negative TTL for an earlier
 *      "no such name" answer);
 *   3. switch the signer to S2;
 *   4. keep S1 published for a week: mail signed with S1 is still being delivered;
 *   5. revoke S1 (`p=` empty, RFC 6376 §3.6.1) and delete its private key.
 *
 * Each step carries the exact record or configuration line and the `mail dkim check` command that
 * confirms it, with the finding id that command must show. The plan is computed, not applied:
 * netdoctor edits no zone and no signer.
 *
 * @example
 *   const plan = await rotationPlan({ domain: 'example.org', from: 's2025', to: 's2026', start: new Date('2026-12-07') });
 *   plan.steps.map((s) => `${s.at} ${s.kind}`);
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NetdoctorError, optionError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { domainArgument } from '../audit.js';
import { DKIM_ERRORS } from './error-messages.js';
import {
  DKIM_KEY_TYPES,
  type DkimKeyType,
  dkimRecordFor,
  revokedRecordFor,
  type SignerConfig,
  signerConfig,
} from './keygen.js';
import { readSignerKey } from './private-key.js';
import { dkimSelector } from './record.js';

export const ROTATION_DEFAULTS = { ttlSeconds: 86_400, keepDays: 7 } as const;

export interface RotationOptions {
  domain: string;
  /** The selector signing today. */
  from: string;
  /** The new selector. */
  to: string;
  /** When step 1 happens (default: now). */
  start?: Date;
  /** How long to wait after publishing S2: the longest TTL a resolver may keep (default one day). */
  ttlSeconds?: number;
  /** How long S1 stays published after the switch (default 7 days). */
  keepDays?: number;
  /** Where the keys live (`<dir>/<selector>.private`); default /etc/opendkim/keys/<domain>. */
  keyDir?: string;
  /** The new key's type, for the keygen command when S2's key does not exist yet. */
  type?: DkimKeyType;
  bits?: number;
}

export type RotationStepKind = 'publish-new' | 'wait-ttl' | 'switch-signer' | 'keep-old' | 'revoke-old';

export interface RotationStep {
  n: number;
  kind: RotationStepKind;
  /** When to do it (ISO 8601, UTC). */
  at: string;
  /** Zone records to add or replace (zone-file lines). */
  records: string[];
  /** Signer configuration lines. */
  signer?: SignerConfig;
  /** Lines to remove from the signer's tables. */
  remove?: string[];
  /** Commands to run, in order. */
  commands: string[];
  /** The command that confirms the step, and the finding id it must show. */
  check: { command: string; expect: string };
}

export interface RotationPlan {
  findings: Finding[];
  domain: string;
  from: string;
  to: string;
  start: string;
  end: string;
  keyDir: string;
  /** Whether S2's key file already exists (then its record is exact; else step 1 makes it). */
  newKeyExists: boolean;
  steps: RotationStep[];
}

/**
 * A plan's start as the user writes it: `2026-12-07` (midnight UTC), or `2026-12-07T09:30Z` /
 * `2026-12-07T09:30+09:00`. A date without a zone is refused rather than read in some local time.
 */
export function parsePlanDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2}))?$/i.exec(
    text.trim(),
  );
  const d = m
    ? new Date(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : text.trim().replace(' ', 'T'))
    : undefined;
  // Date accepts 2026-02-31 as March 3rd: the day must survive the round trip.
  if (
    !m ||
    !d ||
    Number.isNaN(d.getTime()) ||
    (m[4] === undefined && d.toISOString().slice(0, 10) !== text.trim())
  )
    throw new NetdoctorError('ND_USAGE', DKIM_ERRORS.date, { option: 'start', params: { value: text } });
  return d;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function rotationPlan(options: RotationOptions): Promise<RotationPlan> {
  const domain = domainArgument(options.domain);
  const from = dkimSelector(options.from, 'from');
  const to = dkimSelector(options.to, 'to');
  if (options.type !== undefined && !DKIM_KEY_TYPES.includes(options.type))
    throw optionError(DKIM_ERRORS.keyType, 'type', { value: String(options.type) });
  if (from === to) throw optionError(DKIM_ERRORS.sameSelector, 'to', { selector: from });
  const ttl = options.ttlSeconds ?? ROTATION_DEFAULTS.ttlSeconds;
  const keep = options.keepDays ?? ROTATION_DEFAULTS.keepDays;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 30 * 86_400)
    throw optionError(DKIM_ERRORS.range, 'ttlSeconds', { what: 'TTL', min: 0, max: 30 * 86_400, value: ttl });
  if (!Number.isInteger(keep) || keep < 1 || keep > 90)
    throw optionError(DKIM_ERRORS.range, 'keepDays', { what: 'keepDays', min: 1, max: 90, value: keep });
  const start = options.start ?? new Date();
  if (Number.isNaN(start.getTime()))
    throw new NetdoctorError('ND_USAGE', DKIM_ERRORS.date, { option: 'start' });
  const keyDir = options.keyDir ?? `/etc/opendkim/keys/${domain}`;
  const newKey = path.join(keyDir, `${to}.private`);
  const oldKey = path.join(keyDir, `${from}.private`);
  const newKeyExists = existsSync(newKey);
  const type = options.type ?? 'rsa';
  const keygen = `netdoctor mail dkim keygen ${domain} --selector ${to} --type ${type}${
    type === 'rsa' && options.bits ? ` --bits ${options.bits}` : ''
  } --out ${keyDir}`;
  let record: string;
  if (newKeyExists) {
    const key = await readSignerKey(newKey);
    record = dkimRecordFor(domain, to, key.type, key.publicKey).zoneRecord;
  } else {
    // Not made yet: step 1 runs keygen, which prints this record with its p=.
    record = `${to}._domainkey.${domain}. IN TXT ( "v=DKIM1; k=${type}; p=…" … )`;
  }
  const t0 = start.getTime();
  const switchAt = new Date(t0 + ttl * 1000);
  const revokeAt = new Date(switchAt.getTime() + keep * 86_400_000);
  const checkNew = `netdoctor mail dkim check ${domain} --selector ${to} --key ${newKey}`;
  const checkOld = `netdoctor mail dkim check ${domain} --selector ${from}`;
  const oldSigner = signerConfig(domain, from, oldKey);
  const steps: RotationStep[] = [
    {
      n: 1,
      kind: 'publish-new',
      at: iso(start),
      records: [record],
      commands: [
        ...(newKeyExists ? [] : [keygen]),
        `rndc reload ${domain}   # after adding the record and raising the SOA serial`,
      ],
      check: { command: checkNew, expect: 'mail.dkim.key-match' },
    },
    {
      n: 2,
      kind: 'wait-ttl',
      at: iso(switchAt),
      records: [],
      commands: [],
      check: { command: checkNew, expect: 'mail.dkim.key-match' },
    },
    {
      n: 3,
      kind: 'switch-signer',
      at: iso(switchAt),
      records: [],
      signer: signerConfig(domain, to, newKey),
      remove: [oldSigner.opendkim.keyTable, oldSigner.opendkim.signingTable, oldSigner.rspamd.selectorMap],
      // The signer lines carry their own reload commands (OpenDKIM's and rspamd's).
      commands: [],
      check: { command: checkNew, expect: 'mail.dkim.key-match' },
    },
    {
      n: 4,
      kind: 'keep-old',
      at: iso(switchAt),
      records: [],
      commands: [],
      check: { command: checkOld, expect: 'mail.dkim.key-found' },
    },
    {
      n: 5,
      kind: 'revoke-old',
      at: iso(revokeAt),
      records: [revokedRecordFor(domain, from).zoneRecord],
      commands: [
        `rndc reload ${domain}   # after replacing the record and raising the SOA serial`,
        `shred -u ${oldKey}`,
      ],
      check: { command: checkOld, expect: 'mail.dkim.revoked' },
    },
  ];
  return {
    findings: [
      finding('mail.dkim.rotation-plan', 'info', {
        domain,
        from,
        to,
        start: iso(start),
        switchAt: iso(switchAt),
        end: iso(revokeAt),
      }),
    ],
    domain,
    from,
    to,
    start: iso(start),
    end: iso(revokeAt),
    keyDir,
    newKeyExists,
    steps,
  };
}
