/**
 * `find` and `write`: the packets of a capture that a display filter (and the shorthands `--rst`,
 * `--retransmissions`, `--dns-unanswered`) select, handed to a callback one at a time, so that
 * the caller prints, counts or writes them without holding the capture in memory.
 *
 * @example
 *   const r = await findPackets('office.pcap', { filter: 'tcp.flags.reset == 1' }, (view) => {
 *     console.log(summaryLine(summarize(view)));
 *   });
 *   console.log(`${r.matched} of ${r.packets} packets`);
 */
import { NetdoctorError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import type { Progress } from '../../core/progress.js';
import { CAPTURE_ERRORS } from '../error-messages.js';
import { readCapture } from '../reader/open.js';
import type { CaptureRecord } from '../reader/record.js';
import { compileFilter, filterNeedsFlows, type Predicate } from './compile.js';
import { PacketView } from './packet-view.js';
import { DnsAnswerTracker, RetransmissionTracker } from './shorthands.js';

export interface FindOptions {
  /** A display filter (see README: the subset of Wireshark's language). */
  filter?: string;
  /** TCP resets only (`tcp.flags.reset == 1`). */
  rst?: boolean;
  /** TCP segments repeating data already sent. */
  retransmissions?: boolean;
  /** DNS queries over UDP that got no response (known only at the end: reported then). */
  dnsUnanswered?: boolean;
  stdin?: NodeJS.ReadableStream;
  progress?: Progress;
  /**
   * Whether the selected packets' views carry application labels (for `summarize`'s protocol
   * column). Default true; false when only counting or copying packets, which then skips the flow
   * table unless the filter itself names an application protocol.
   */
  labels?: boolean;
}

export interface FindResult {
  findings: Finding[];
  /** Packets read. */
  packets: number;
  /** Packets selected. */
  matched: number;
  /** The filter as given, and the shorthands used. */
  filter: string;
  /** Set when the capture is truncated or corrupt: the packets before `error.offset` were searched. */
  error?: NetdoctorError;
}

/** What a selected packet looks like to the callback: the decoded view and the raw record. */
export type OnMatch = (view: PacketView, rec: CaptureRecord) => void;

/** Compiles the filter and shorthands into one predicate, or throws a usage error naming --filter. */
export function selection(options: FindOptions): { predicate: Predicate; text: string; flows: boolean } {
  const parts: Predicate[] = [];
  const text: string[] = [];
  let flows = false;
  if (options.filter !== undefined) {
    parts.push(compileFilter(options.filter)); // a FilterError names the filter option and the column
    flows = filterNeedsFlows(options.filter);
    text.push(options.filter);
  }
  if (options.rst) {
    parts.push(compileFilter('tcp.flags.reset == 1'));
    text.push('--rst');
  }
  let retransmission: Predicate | undefined;
  if (options.retransmissions) {
    const tracker = new RetransmissionTracker();
    retransmission = (v) => tracker.isRetransmission(v);
    text.push('--retransmissions');
  }
  if (options.dnsUnanswered) text.push('--dns-unanswered');
  const rest: Predicate =
    parts.length === 0
      ? () => true
      : parts.length === 1
        ? (parts[0] as Predicate)
        : (v) => parts.every((p) => p(v));
  // The trackers keep state across packets: each must see every packet, so none is short-circuited
  // (the TLS tracker inside a compiled filter runs first thing in it, for the same reason).
  const again = retransmission;
  const predicate: Predicate = again
    ? (v) => {
        const repeated = again(v);
        return rest(v) && repeated;
      }
    : rest;
  return { predicate, text: text.join(' and '), flows };
}

/**
 * Calls `onMatch` for every selected packet, in capture order. With `dnsUnanswered`, the capture is
 * read twice (the answers come later than the queries), so stdin is refused for it.
 */
export async function findPackets(
  input: string,
  options: FindOptions,
  onMatch: OnMatch,
): Promise<FindResult> {
  const { predicate, text, flows } = selection(options);
  const readOptions = {
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  };
  let wanted: Set<number> | undefined;
  const findings: Finding[] = [];
  if (options.dnsUnanswered) {
    if (input === '-') {
      throw new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.twoPassesNeedFile, { option: 'dnsUnanswered' });
    }
    const tracker = new DnsAnswerTracker();
    const first = new PacketView();
    await readCapture(
      input,
      (rec) => {
        first.reset(rec);
        tracker.see(first);
      },
      readOptions,
    );
    const unanswered = tracker.unanswered();
    wanted = new Set(unanswered.map((q) => q.frame));
    if (unanswered.length > 0) {
      const names = [...new Set(unanswered.map((q) => q.name))].slice(0, 5);
      findings.push(
        finding(
          'pcap.find.dns-unanswered',
          'warn',
          { count: unanswered.length, names },
          { frames: [...wanted].slice(0, 100) },
        ),
      );
    }
  }
  // The flow table and its classifiers only when the filter asks for an application protocol.
  const view = new PacketView({ flows: flows || options.labels !== false });
  let packets = 0;
  let matched = 0;
  const info = await readCapture(
    input,
    (rec) => {
      packets++;
      view.reset(rec);
      const selected = predicate(view); // first: stateful trackers must see every packet
      if (!selected || (wanted && !wanted.has(rec.frame))) return;
      matched++;
      onMatch(view, rec);
    },
    readOptions,
  );
  const result: FindResult = { findings, packets, matched, filter: text };
  if (info.error) result.error = info.error;
  return result;
}
