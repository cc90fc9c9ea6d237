/**
 * The mail queue as `postqueue -j` lists it (spawned, or its saved output): grouped by reason,
 * destination and age, with findings for old deferred mail and for mail that will never go; and
 * a plan to remove a selection that a person reviews first (`planQueue`) and `applyPlan` carries
 * out: hold the ids, read the queue again, delete only the held messages that are still the same
 * message (same arrival time and sender) — a short queue id reused since the plan is released,
 * never deleted.
 */
import { spawn } from 'node:child_process';
import { causeText, NetdoctorError } from '../core/errors.js';
import { type Finding, finding } from '../core/findings.js';
import { MiB, readInput } from '../core/input.js';
import { BOUNCE_REASONS, type BounceReason } from '../mail/index.js';
import { adviceFor, reasonWords } from './advice.js';
import { classifyReply, replyText } from './classify.js';
import { MAILLOG_ERRORS } from './error-messages.js';
import { domainOf } from './postfix.js';

export interface QueueRecipient {
  address: string;
  delayReason?: string;
}

export interface QueueMessage {
  queue: string;
  queueId: string;
  /** Seconds since the epoch. */
  arrivalTime: number;
  size: number;
  sender: string;
  forcedExpire: boolean;
  recipients: QueueRecipient[];
}

/** Reasons that do not pass by waiting: the mail will bounce at the end of its queue life. */
const NEVER: ReadonlySet<BounceReason> = new Set([
  'user-unknown',
  'host-unknown',
  'mailbox-disabled',
  'no-mail-accepted',
  'syntax-error',
  'relay-denied',
]);

export interface QueueSource {
  /** Saved `postqueue -j` output (a path, or `-` for stdin); without it postqueue is spawned. */
  fromJson?: string;
  stdin?: NodeJS.ReadableStream;
  /** Postfix configuration directory (`postqueue -c DIR`). */
  configDir?: string;
  /** The postqueue program (default `postqueue`). */
  postqueue?: string;
  maxBytes?: number;
}

function run(
  cmd: string,
  args: string[],
  input?: string,
): Promise<{ code: number | null; out: string; err: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString();
    });
    child.once('error', (error) => resolve({ code: null, out, err, error }));
    child.once('close', (code) => resolve({ code, out, err }));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Parses `postqueue -j` output: one JSON object per line. */
export function parseQueueJson(text: string, input: string): QueueMessage[] {
  const out: QueueMessage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new NetdoctorError('ND_INPUT_FORMAT', MAILLOG_ERRORS.notQueueJson, {
        input,
        params: { line: i + 1, why: causeText(e) },
      });
    }
    if (typeof o !== 'object' || o === null || typeof o.queue_id !== 'string' || !Array.isArray(o.recipients))
      throw new NetdoctorError('ND_INPUT_FORMAT', MAILLOG_ERRORS.notQueueJson, {
        input,
        params: { line: i + 1, why: 'no queue_id or recipients' },
      });
    out.push({
      queue: String(o.queue_name ?? ''),
      queueId: o.queue_id,
      arrivalTime: Number(o.arrival_time ?? 0),
      size: Number(o.message_size ?? 0),
      sender: String(o.sender ?? ''),
      forcedExpire: o.forced_expire === true,
      recipients: (o.recipients as Record<string, unknown>[]).map((r) => ({
        address: String(r.address ?? ''),
        ...(typeof r.delay_reason === 'string' ? { delayReason: r.delay_reason } : {}),
      })),
    });
  }
  return out;
}

/** Reads the queue: saved output, or `postqueue -j` spawned. */
export async function readQueue(source: QueueSource = {}): Promise<QueueMessage[]> {
  if (source.fromJson !== undefined) {
    const buf = await readInput(source.fromJson, {
      maxBytes: source.maxBytes ?? 512 * MiB,
      ...(source.stdin ? { stdin: source.stdin } : {}),
    });
    return parseQueueJson(buf.toString('utf8'), source.fromJson);
  }
  const cmd = source.postqueue ?? 'postqueue';
  const r = await run(cmd, [...(source.configDir ? ['-c', source.configDir] : []), '-j']);
  if (r.error)
    throw (r.error as { code?: string }).code === 'ENOENT'
      ? new NetdoctorError('ND_DEPENDENCY', MAILLOG_ERRORS.postqueueMissing, { input: cmd })
      : new NetdoctorError('ND_INPUT_UNREADABLE', MAILLOG_ERRORS.postqueueFailed, {
          input: cmd,
          params: { why: causeText(r.error) },
        });
  if (r.code !== 0)
    throw new NetdoctorError('ND_INPUT_UNREADABLE', MAILLOG_ERRORS.postqueueFailed, {
      input: cmd,
      params: { why: r.err.trim().split('\n')[0] || `exit status ${r.code}` },
    });
  return parseQueueJson(r.out, 'postqueue -j');
}

/** A recipient's reason, classified with `mail explain`'s rules. */
export function recipientReason(r: QueueRecipient): BounceReason {
  const dsn = /\b([45]\.\d{1,3}\.\d{1,3})\b/.exec(r.delayReason ?? '')?.[1];
  return r.delayReason ? classifyReply(r.delayReason, dsn) : 'unknown';
}

export interface QueueGroup {
  reason: BounceReason;
  domain: string;
  count: number;
  oldest: number;
  reply: string;
}

export interface QueueReport {
  messages: number;
  byQueue: Record<string, number>;
  groups: QueueGroup[];
  /** Messages per age band (< 1 h, < 1 d, < 3 d, older). */
  byAge: Record<string, number>;
}

const AGE_BANDS: [string, number][] = [
  ['<1h', 3600],
  ['<1d', 86400],
  ['<3d', 3 * 86400],
  ['>=3d', Number.POSITIVE_INFINITY],
];

function ageText(seconds: number): string {
  if (seconds >= 86400) return `${Math.floor(seconds / 86400)}d`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.max(1, Math.floor(seconds / 60))}m`;
}

/** Groups the queue and gives its findings. `now` in seconds; `oldAfter` seconds (default 1 day). */
export function queueFindings(
  messages: readonly QueueMessage[],
  options: { now: number; oldAfter?: number },
): { findings: Finding[]; report: QueueReport } {
  const oldAfter = options.oldAfter ?? 86400;
  const byQueue: Record<string, number> = {};
  const byAge: Record<string, number> = Object.fromEntries(AGE_BANDS.map(([k]) => [k, 0]));
  const groups = new Map<string, QueueGroup & { old: number; oldestOld: number }>();
  for (const m of messages) {
    byQueue[m.queue] = (byQueue[m.queue] ?? 0) + 1;
    const age = options.now - m.arrivalTime;
    const band = AGE_BANDS.find(([, max]) => age < max) as [string, number];
    byAge[band[0]] = (byAge[band[0]] ?? 0) + 1;
    if (m.queue !== 'deferred') continue;
    const seen = new Set<string>();
    for (const r of m.recipients) {
      const reason = recipientReason(r);
      const domain = domainOf(r.address);
      const key = `${reason}\t${domain}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let g = groups.get(key);
      if (!g) {
        g = { reason, domain, count: 0, oldest: m.arrivalTime, reply: '', old: 0, oldestOld: 0 };
        groups.set(key, g);
      }
      g.count++;
      if (m.arrivalTime <= g.oldest) g.oldest = m.arrivalTime;
      g.reply = replyText(r.delayReason ?? '', 300);
      if (age >= oldAfter) g.old++;
    }
  }
  const findings: Finding[] = [];
  if (messages.length === 0) findings.push(finding('mailqueue.empty', 'ok'));
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
  for (const g of sorted) {
    const base = {
      domain: g.domain,
      reason: reasonWords(g.reason),
      reply: g.reply,
      advice: adviceFor(g.reason, g.domain, g.reply),
    };
    const evidence = {
      reason: g.reason,
      domain: g.domain,
      count: g.count,
      oldest: new Date(g.oldest * 1000).toISOString(),
    };
    if (NEVER.has(g.reason))
      findings.push(
        finding('mailqueue.undeliverable', 'fail', { ...base, count: g.count, reasonId: g.reason }, evidence),
      );
    else if (g.old > 0)
      findings.push(
        finding(
          'mailqueue.deferred.old',
          'warn',
          { ...base, count: g.old, age: ageText(oldAfter), oldest: new Date(g.oldest * 1000).toISOString() },
          evidence,
        ),
      );
  }
  const held = byQueue.hold ?? 0;
  if (held > 0) findings.push(finding('mailqueue.held', 'info', { count: held }));
  return {
    findings,
    report: {
      messages: messages.length,
      byQueue,
      byAge,
      groups: sorted.map(({ old: _o, oldestOld: _x, ...g }) => g),
    },
  };
}

export interface PlanOptions {
  /** Seconds now (epoch). */
  now: number;
  /** Only messages older than this many seconds. */
  olderThan?: number;
  /** Only messages with a recipient of this class. */
  reason?: BounceReason;
  /** Only messages with a recipient in this domain. */
  domain?: string;
  /** Queues to take from (default: deferred). */
  queues?: string[];
  /** Postfix configuration directory, passed to postsuper/postqueue as `-c`. */
  configDir?: string;
}

export interface PlanStep {
  queueId: string;
  queue: string;
  arrivalTime: number;
  sender: string;
  recipients: string[];
  reason: BounceReason;
}

export interface QueuePlan {
  createdAt: number;
  configDir?: string;
  steps: PlanStep[];
  /** The shell commands the plan stands for, in order, for a person to review. */
  commands: string[];
}

/** Validates a reason name (for a caller's option). */
export function isBounceReason(s: string): s is BounceReason {
  return (BOUNCE_REASONS as readonly string[]).includes(s);
}

export function planQueue(messages: readonly QueueMessage[], o: PlanOptions): QueuePlan {
  const queues = o.queues ?? ['deferred'];
  const steps: PlanStep[] = [];
  for (const m of messages) {
    if (!queues.includes(m.queue)) continue;
    if (o.olderThan !== undefined && o.now - m.arrivalTime < o.olderThan) continue;
    const reasons = m.recipients.map(recipientReason);
    const matching = m.recipients.filter(
      (r, i) =>
        (o.reason === undefined || reasons[i] === o.reason) &&
        (o.domain === undefined || domainOf(r.address) === o.domain.toLowerCase()),
    );
    if (matching.length === 0) continue;
    // A message that still has recipients outside the selection is not removed whole.
    if (matching.length !== m.recipients.length) continue;
    steps.push({
      queueId: m.queueId,
      queue: m.queue,
      arrivalTime: m.arrivalTime,
      sender: m.sender,
      recipients: m.recipients.map((r) => r.address),
      reason: reasons[0] as BounceReason,
    });
  }
  const c = o.configDir ? ` -c ${o.configDir}` : '';
  const ids = steps.map((s) => s.queueId).join(' ');
  const commands =
    steps.length === 0
      ? []
      : [
          `echo ${ids} | tr ' ' '\\n' | postsuper${c} -h -`,
          `postqueue${c} -j   # re-check: each id is in hold with the same arrival_time and sender`,
          `echo ${ids} | tr ' ' '\\n' | postsuper${c} -d - hold`,
        ];
  return { createdAt: o.now, ...(o.configDir ? { configDir: o.configDir } : {}), steps, commands };
}

export interface ApplyResult {
  removed: string[];
  /** Ids not removed, with why: gone already, or reused by another message (released again). */
  skipped: { queueId: string; why: 'gone' | 'reused' }[];
}

/** Carries out a plan (see the module comment). */
export async function applyPlan(
  plan: QueuePlan,
  tools: { postsuper?: string; postqueue?: string } = {},
): Promise<ApplyResult> {
  const postsuper = tools.postsuper ?? 'postsuper';
  const c = plan.configDir ? ['-c', plan.configDir] : [];
  const result: ApplyResult = { removed: [], skipped: [] };
  if (plan.steps.length === 0) return result;
  const ids = plan.steps.map((s) => s.queueId);
  const superRun = async (args: string[], input: string) => {
    const r = await run(postsuper, [...c, ...args], input);
    if (r.error || r.code !== 0)
      throw new NetdoctorError('ND_DEPENDENCY', MAILLOG_ERRORS.postsuperFailed, {
        input: postsuper,
        params: {
          why: r.error ? causeText(r.error) : r.err.trim().split('\n')[0] || `exit status ${r.code}`,
        },
      });
  };
  await superRun(['-h', '-'], `${ids.join('\n')}\n`);
  const now = await readQueue({
    ...(plan.configDir ? { configDir: plan.configDir } : {}),
    ...(tools.postqueue ? { postqueue: tools.postqueue } : {}),
  });
  const byId = new Map(now.map((m) => [m.queueId, m]));
  const remove: string[] = [];
  const release: string[] = [];
  for (const s of plan.steps) {
    const m = byId.get(s.queueId);
    if (!m) result.skipped.push({ queueId: s.queueId, why: 'gone' });
    else if (m.arrivalTime !== s.arrivalTime || m.sender !== s.sender) {
      result.skipped.push({ queueId: s.queueId, why: 'reused' });
      if (m.queue === 'hold') release.push(s.queueId);
    } else if (m.queue === 'hold') remove.push(s.queueId);
    else result.skipped.push({ queueId: s.queueId, why: 'gone' });
  }
  if (release.length) await superRun(['-H', '-'], `${release.join('\n')}\n`);
  if (remove.length) await superRun(['-d', '-', 'hold'], `${remove.join('\n')}\n`);
  result.removed = remove;
  return result;
}
