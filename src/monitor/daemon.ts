/**
 * The monitor daemon: every check on its interval (planned times, not "interval after the last
 * one ended", so checks do not drift), results batched into the history once a second (a check
 * never waits for the disk), the state machine of `state.ts`, and notifications delivered with
 * retries and back-off that never stop the monitor. `reload` keeps the state of unchanged checks.
 *
 * Scheduling is one timing wheel, not a timer per check: planned start times fall on ticks
 * (TICK_MS apart), each tick starts every check planned for it, and one timer waits for the next
 * tick. 10,000 checks a minute are then ~40 starts per wake-up instead of 167 wake-ups a second,
 * which is most of the CPU a check costs (bench/monitor). A check's kind and target are
 * validated once, when it is scheduled, not at every run.
 *
 * Lateness is measured against the schedule by the daemon itself, at the moment each check
 * actually starts (after the parallel limit let it through), on the monotonic clock (an NTP step
 * moves neither the plan nor the measure): `lateness()` gives its median, 99th percentile and
 * maximum, and how many starts were over a second late. The history writes are timed the same way
 * (`stats.maxWriteMs`), as they run on the loop that starts the checks.
 */
import { type Finding, finding } from '../core/findings.js';
import type { MonitorHistory, MonitorResultRow } from '../store/monitor-history.js';
import type { CheckConfig, MonitorConfig, NotifierConfig } from './config.js';
import { NOTIFIERS } from './notifiers/index.js';
import { setLogSink } from './notifiers/log.js';
import type { Notification } from './notifiers/types.js';
import { type CheckResult, runValidated, validateCheck } from './run-check.js';
import { type Announcement, type CheckMemory, freshMemory, observe } from './state.js';
import type { CheckKind } from './types.js';

/** A finding's sentences in one language. */
export interface Words {
  title: string;
  detail?: string;
  fix?: string;
}
/**
 * A finding in words, in a language (the caller renders with the whole catalog, which it may load
 * only when the first announcement is made: a monitor whose checks stay UP never needs it).
 */
export type Describe = (f: Finding, lang: 'en' | 'ja') => Words | Promise<Words>;

export interface MonitorOptions {
  history: MonitorHistory;
  describe: Describe;
  /** Where log lines go (the `log` notifier, delivery failures): stderr / the journal. */
  log: (line: string) => void;
  /** Delivery retries: first delay, cap and attempts (tests shorten them). */
  retry?: { firstMs: number; maxMs: number; attempts: number };
  /** Most checks in flight at once. */
  parallel?: number;
  onResult?: (name: string, r: CheckResult, m: CheckMemory) => void;
  /** The wheel's tick (ms): planned start times are multiples of it. */
  tickMs?: number;
}

/** The default tick: starts are at most this far from "every interval", and batched per tick. */
export const TICK_MS = 250;
/** Milliseconds since the epoch on the monotonic clock (equal to Date.now() at start, never stepped). */
const clock = (): number => performance.timeOrigin + performance.now();
/** Lateness histogram: 1 ms buckets up to this, then one bucket for anything later. */
const LATE_BUCKETS = 10_000;

/** How late checks started against their planned times (ms). */
export interface Lateness {
  starts: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Starts more than a second late. */
  over1s: number;
}
const PRUNE_EVERY_MS = 600_000;

/** A check on the wheel; `active` is cleared when a reload removes or changes it. */
interface Scheduled {
  check: CheckConfig;
  kind: CheckKind;
  /** The tick it runs at next. */
  tick: number;
  active: boolean;
}

const DEFAULT_RETRY = { firstMs: 1000, maxMs: 60_000, attempts: 10 };

/** UP, announced UP, not flapping, and every recent result OK: an OK result changes nothing else. */
function steady(m: CheckMemory): boolean {
  if (m.status !== 'UP' || m.announced !== 'UP' || m.flapping || m.failures !== 0) return false;
  for (const s of m.recent) if (s !== 'ok') return false;
  return true;
}

function sameCheck(a: CheckConfig, b: CheckConfig): boolean {
  return (
    JSON.stringify([a.kind, a.target, a.options, a.retries]) ===
    JSON.stringify([b.kind, b.target, b.options, b.retries])
  );
}

export class Monitor {
  #config: MonitorConfig;
  readonly #o: MonitorOptions;
  readonly #memory = new Map<string, CheckMemory>();
  /** The wheel: tick number → the checks planned for it. */
  readonly #wheel = new Map<number, Scheduled[]>();
  readonly #scheduled = new Map<string, Scheduled>();
  readonly #tickMs: number;
  #tickTimer: NodeJS.Timeout | undefined;
  /** The last tick whose checks were started. */
  #lastTick = 0;
  readonly #buffer: MonitorResultRow[] = [];
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #deliveries = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  #flushTimer: NodeJS.Timeout | undefined;
  #pruneTimer: NodeJS.Timeout | undefined;
  #running = 0;
  #queue: (() => void)[] = [];
  /**
   * Since start: checks run, by state, the latest start past its planned time and the longest
   * history write (ms, each blocking the loop while it runs).
   */
  readonly stats = { runs: 0, ok: 0, warning: 0, critical: 0, unknown: 0, maxLateMs: 0, maxWriteMs: 0 };
  readonly #late = new Uint32Array(LATE_BUCKETS + 1);
  #starts = 0;
  #over1s = 0;

  constructor(config: MonitorConfig, options: MonitorOptions) {
    this.#config = config;
    this.#o = options;
    this.#tickMs = options.tickMs ?? TICK_MS;
    setLogSink(options.log);
  }

  get config(): MonitorConfig {
    return this.#config;
  }

  memory(name: string): CheckMemory | undefined {
    return this.#memory.get(name);
  }

  /** How late the scheduled checks started, from the daemon's own timestamps. */
  lateness(): Lateness {
    const at = (q: number): number => {
      const rank = Math.ceil(q * this.#starts);
      let seen = 0;
      for (let ms = 0; ms <= LATE_BUCKETS; ms++) {
        seen += this.#late[ms] as number;
        if (seen >= rank) return ms;
      }
      return LATE_BUCKETS;
    };
    return {
      starts: this.#starts,
      p50Ms: this.#starts ? at(0.5) : 0,
      p99Ms: this.#starts ? at(0.99) : 0,
      maxMs: this.stats.maxLateMs,
      over1s: this.#over1s,
    };
  }

  #started(plannedMs: number): void {
    const late = Math.max(0, Math.round(clock() - plannedMs));
    this.#starts++;
    const bucket = Math.min(late, LATE_BUCKETS);
    this.#late[bucket] = (this.#late[bucket] as number) + 1;
    if (late > 1000) this.#over1s++;
    if (late > this.stats.maxLateMs) this.stats.maxLateMs = late;
  }

  /** Loads the persisted states, then schedules every check, spread over its interval. */
  async start(): Promise<void> {
    const saved = await this.#o.history.loadStates();
    const now = Date.now();
    for (const c of this.#config.checks) {
      const json = saved.get(c.name);
      this.#memory.set(c.name, json ? (JSON.parse(json) as CheckMemory) : freshMemory(now));
    }
    this.#flushTimer = setInterval(() => void this.flush(), 1000);
    // What is past its retention goes every ten minutes (and once now), between two flushes.
    this.#pruneTimer = setInterval(() => void this.#prune(), PRUNE_EVERY_MS);
    this.#pruneTimer.unref?.();
    void this.#prune();
    // Spread over the interval: 10,000 checks a minute are ~40 per tick, not all at once.
    // Validated first, then planned from the clock as it is after that work (10,000 checks take a
    // while on a loaded machine: planned from before it, the first ticks would all start late).
    const kinds = this.#config.checks.map((c) => validateCheck(c.kind, c.target, c.options));
    const n = this.#config.checks.length;
    this.#lastTick = Math.floor(clock() / this.#tickMs);
    for (const [i, c] of this.#config.checks.entries())
      this.#schedule(c, this.#lastTick + 1 + Math.floor(((i / n) * c.intervalMs) / this.#tickMs), kinds[i]);
    this.#arm();
  }

  /** Runs every check once (cron: `monitor once`), announces changes, stores the results. */
  async once(): Promise<CheckResult[]> {
    const saved = await this.#o.history.loadStates();
    for (const c of this.#config.checks) {
      const json = saved.get(c.name);
      this.#memory.set(c.name, json ? (JSON.parse(json) as CheckMemory) : freshMemory(Date.now()));
    }
    const results = await Promise.all(
      this.#config.checks.map((c) => this.#runOne(c, validateCheck(c.kind, c.target, c.options))),
    );
    await this.flush();
    await Promise.all([...this.#deliveries]);
    return results;
  }

  /** The new configuration; unchanged checks keep their state and schedule. */
  reload(config: MonitorConfig): void {
    const next = new Map(config.checks.map((c) => [c.name, c]));
    this.#config = config;
    const now = Date.now();
    for (const [name, sc] of this.#scheduled) {
      const c = next.get(name);
      if (c && sameCheck(sc.check, c) && sc.check.intervalMs === c.intervalMs) {
        sc.check = c; // notify, depends, renotify may have changed: the new words apply
        continue;
      }
      sc.active = false;
      this.#scheduled.delete(name);
      if (!c || !sameCheck(sc.check, c)) this.#memory.delete(name);
    }
    for (const c of config.checks) {
      if (!this.#memory.has(c.name)) this.#memory.set(c.name, freshMemory(now));
      if (!this.#scheduled.has(c.name)) this.#schedule(c, this.#lastTick + 1);
    }
  }

  /** Stops scheduling, waits for the checks in flight and pending deliveries (bounded), flushes. */
  async stop(): Promise<void> {
    clearTimeout(this.#tickTimer);
    this.#tickTimer = undefined;
    for (const sc of this.#scheduled.values()) sc.active = false;
    this.#scheduled.clear();
    this.#wheel.clear();
    clearInterval(this.#flushTimer);
    clearInterval(this.#pruneTimer);
    await Promise.all([...this.#inflight]);
    this.#stopping.abort();
    await Promise.all([...this.#deliveries]);
    await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.#buffer.splice(0);
    if (rows.length === 0) return;
    const t0 = performance.now();
    try {
      await this.#o.history.save(rows);
      this.#wrote(t0);
    } catch (e) {
      this.#o.log(
        `<4>netdoctor monitor: history not written (${(e as Error).message}); ${rows.length} result(s) lost`,
      );
    }
  }

  #wrote(t0: number): void {
    const ms = Math.round(performance.now() - t0);
    if (ms > this.stats.maxWriteMs) this.stats.maxWriteMs = ms;
  }

  async #prune(): Promise<void> {
    const t0 = performance.now();
    try {
      await this.#o.history.prune(Date.now());
      this.#wrote(t0);
    } catch (e) {
      this.#o.log(`<4>netdoctor monitor: history not pruned (${(e as Error).message})`);
    }
  }

  /** Puts a check on the wheel at `tick` (validated here, once, not at every run). */
  #schedule(c: CheckConfig, tick: number, kind?: CheckKind): void {
    const sc: Scheduled = {
      check: c,
      kind: kind ?? validateCheck(c.kind, c.target, c.options),
      tick,
      active: true,
    };
    this.#scheduled.set(c.name, sc);
    this.#plan(sc);
  }

  #plan(sc: Scheduled): void {
    const slot = this.#wheel.get(sc.tick);
    if (slot) slot.push(sc);
    else this.#wheel.set(sc.tick, [sc]);
  }

  /** One timer, to the next tick's boundary. */
  #arm(): void {
    const delay = Math.max(0, (this.#lastTick + 1) * this.#tickMs - clock());
    this.#tickTimer = setTimeout(() => this.#onTick(), delay);
    this.#tickTimer.unref?.();
  }

  /** Starts the checks of every tick up to now (a blocked loop catches up), then re-arms. */
  #onTick(): void {
    const current = Math.floor(clock() / this.#tickMs);
    for (let t = this.#lastTick + 1; t <= current; t++) {
      const slot = this.#wheel.get(t);
      if (!slot) continue;
      this.#wheel.delete(t);
      const planned = t * this.#tickMs;
      for (const sc of slot) {
        if (!sc.active) continue;
        sc.tick = t + Math.max(1, Math.round(sc.check.intervalMs / this.#tickMs));
        this.#plan(sc);
        void this.#limited(() => this.#runOne(sc.check, sc.kind), planned);
      }
    }
    this.#lastTick = current;
    if (this.#tickTimer !== undefined) this.#arm();
  }

  /** Runs `body` within the parallel limit; its start is measured against `plannedMs`. */
  async #limited<T>(body: () => Promise<T>, plannedMs: number): Promise<T> {
    const parallel = this.#o.parallel ?? 512;
    if (this.#running >= parallel) await new Promise<void>((r) => this.#queue.push(r));
    this.#started(plannedMs);
    this.#running++;
    const p = body();
    this.#inflight.add(p);
    try {
      return await p;
    } finally {
      this.#inflight.delete(p);
      this.#running--;
      this.#queue.shift()?.();
    }
  }

  #quiet(c: CheckConfig, now: number): boolean {
    if (this.#config.maintenance.some((w) => w.checks.includes(c.name) && w.from <= now && now < w.to))
      return true;
    return c.depends.some((d) => {
      const s = this.#memory.get(d)?.status;
      return s === 'DOWN' || s === 'UNKNOWN' || s === 'PENDING';
    });
  }

  async #runOne(c: CheckConfig, kind: CheckKind): Promise<CheckResult> {
    let r: CheckResult;
    try {
      r = await runValidated(kind, c.target, c.options);
    } catch (e) {
      const reason = (e as Error).message;
      r = {
        kind: c.kind,
        target: c.target,
        startedAt: Date.now(),
        durationMs: 0,
        state: 'unknown',
        perf: [],
        findings: [
          finding('monitor.check.unknown', 'warn', {
            target: c.target,
            kind: c.kind,
            reason: { en: reason, ja: reason },
          }),
        ],
      };
    }
    const now = Date.now();
    this.stats.runs++;
    this.stats[r.state]++;
    this.#buffer.push({
      check: c.name,
      ts: r.startedAt,
      state: r.state,
      durationMs: r.durationMs,
      finding: r.findings[0]?.id ?? '',
    });
    const before = this.#memory.get(c.name) ?? freshMemory(now);
    if (r.state === 'ok' && steady(before)) {
      // UP and staying UP, nothing recent but OK: `observe` would change only the recent states,
      // so they are updated in place (no new memory per result, nothing to persist or announce).
      before.recent.push('ok');
      if (before.recent.length > this.#config.flapWindow) before.recent.shift();
      this.#memory.set(c.name, before);
      this.#o.onResult?.(c.name, r, before);
      return r;
    }
    const { memory, announce } = observe(before, {
      state: r.state,
      now,
      retries: c.retries,
      renotifyMs: c.renotifyMs,
      quiet: this.#quiet(c, now),
      flapChanges: this.#config.flapChanges,
      flapWindow: this.#config.flapWindow,
    });
    this.#memory.set(c.name, memory);
    if (announce || memory.status !== before.status || memory.failures !== before.failures) {
      // Persisted before anything is sent: killed after this, a restart does not announce it again.
      await this.#o.history
        .saveState(c.name, JSON.stringify(memory))
        .catch((e: Error) =>
          this.#o.log(`<4>netdoctor monitor: state of ${c.name} not written (${e.message})`),
        );
    }
    if (announce) await this.#announce(c, r, memory, announce, before);
    this.#o.onResult?.(c.name, r, memory);
    return r;
  }

  async #announce(
    c: CheckConfig,
    r: CheckResult,
    m: CheckMemory,
    event: Announcement,
    before: CheckMemory,
  ): Promise<void> {
    const lang = this.#config.lang;
    const lead = r.findings[0];
    const problem: Words = lead ? await this.#o.describe(lead, lang) : { title: '' };
    const since = new Date(m.since).toISOString();
    const params = {
      name: c.name,
      problem: problem.title,
      fix: problem.fix ?? '',
      since,
      attempts: m.failures,
      state: m.status,
      changes: m.recent.length,
      window: this.#config.flapWindow,
      duration: `${Math.max(1, Math.round((m.since - before.since) / 1000))} s`,
    };
    const id = {
      down: 'monitor.state.down',
      up: 'monitor.state.up',
      warning: 'monitor.state.warning',
      reminder: 'monitor.state.reminder',
      flapping: 'monitor.state.flapping',
    }[event];
    const words = await this.#o.describe(
      finding(id, event === 'up' ? 'ok' : event === 'down' ? 'fail' : 'warn', params),
      lang,
    );
    const n: Notification = {
      check: c.name,
      kind: c.kind,
      target: c.target,
      event,
      status: m.status,
      title: words.title,
      lang,
      at: new Date(m.announcedAt).toISOString(),
      id: `${c.name}-${m.status}-${m.announcedAt}`.replace(/[^A-Za-z0-9._-]/g, '_'),
      ...(words.detail ? { detail: words.detail } : {}),
      ...(words.fix ? { fix: words.fix } : {}),
    };
    for (const name of c.notify) {
      const nc = this.#config.notifiers.find((x) => x.name === name);
      if (nc) this.#deliver(nc, n);
    }
  }

  #deliver(nc: NotifierConfig, n: Notification): void {
    const notifier = NOTIFIERS.find((x) => x.type === nc.type);
    if (!notifier) return;
    const retry = this.#o.retry ?? DEFAULT_RETRY;
    // Each delivery is kept in the history (monitor notifications, the dashboard), once per
    // announcement and notifier; a store that cannot take it is told in the log, nothing more.
    const record = async (outcome: 'sent' | 'failed', attempts: number) => {
      try {
        await this.#o.history.saveNotification({
          id: n.id,
          notifier: nc.name,
          check: n.check,
          ts: Date.parse(n.at),
          event: n.event,
          status: n.status,
          title: n.title,
          outcome,
          attempts,
        });
      } catch (e) {
        this.#o.log(
          `<4>netdoctor monitor: the notification ${n.id} was not recorded: ${(e as Error).message}`,
        );
      }
    };
    const p = (async () => {
      let delay = retry.firstMs;
      let attempt = 1;
      for (; attempt <= retry.attempts; attempt++) {
        const deadline = AbortSignal.any([AbortSignal.timeout(30_000), this.#stopping.signal]);
        try {
          await notifier.send(n, nc.settings, deadline);
          await record('sent', attempt);
          return;
        } catch (e) {
          this.#o.log(
            `<4>netdoctor monitor: notifier ${nc.name} failed (attempt ${attempt}/${retry.attempts}): ${(e as Error).message}`,
          );
        }
        if (this.#stopping.signal.aborted || attempt === retry.attempts) break;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, retry.maxMs);
      }
      this.#o.log(`<3>netdoctor monitor: notifier ${nc.name} gave up on ${n.title}`);
      await record('failed', Math.min(attempt, retry.attempts));
    })();
    this.#deliveries.add(p);
    void p.finally(() => this.#deliveries.delete(p));
  }
}
