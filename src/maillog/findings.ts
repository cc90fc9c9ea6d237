/** The mail log summary's findings: per (reason, destination), per sender, per damaged input. */
import type { Finding } from '../core/findings.js';
import { finding } from '../core/findings.js';
import { type InputReport, inputFindings } from '../logs/index.js';
import { adviceFor, reasonWords } from './advice.js';
import type { SummaryResult } from './summary.js';

export interface FindingOptions {
  /** A sender is named once it hit this many unknown users (default 3). */
  userUnknownThreshold?: number;
  /** Line cap of the reader, for the cut-lines finding. */
  maxLineBytes: number;
}

export function summaryFindings(
  s: SummaryResult,
  inputs: readonly InputReport[],
  o: FindingOptions,
): Finding[] {
  const out: Finding[] = inputFindings('maillog', inputs, o.maxLineBytes);
  const lines = inputs.reduce((n, i) => n + i.lines, 0);
  if (s.lines.postfix + s.lines.mta === 0) out.push(finding('maillog.no-postfix', 'warn', { lines }));
  for (const g of s.groups) {
    if (g.reason === 'delivered' || g.reason === 'auto-reply') continue;
    const params = {
      domain: g.domain,
      count: g.count,
      messages: g.messages,
      reason: reasonWords(g.reason),
      reply: g.reply,
      relay: g.relay,
      advice: adviceFor(g.reason, g.domain, g.reply),
    };
    const evidence = {
      reason: g.reason,
      domain: g.domain,
      count: g.count,
      messages: g.messages,
      dsn: g.dsn,
      reply: g.reply,
      relay: g.relay,
    };
    if (g.kind === 'deferred') out.push(finding('maillog.deferred', 'warn', params, evidence));
    else out.push(finding('maillog.bounced', 'fail', params, evidence));
  }
  for (const u of s.userUnknown) {
    if (u.count < (o.userUnknownThreshold ?? 3)) continue;
    out.push(
      finding(
        'maillog.user-unknown.sender',
        'warn',
        { sender: u.sender, count: u.count, recipients: u.recipients },
        u,
      ),
    );
  }
  const daemonText = (key: string) => {
    const tab = key.indexOf('\t');
    return { daemon: key.slice(0, tab), text: key.slice(tab + 1) };
  };
  for (const f of s.fatals)
    out.push(finding('maillog.fatal', 'fail', { ...daemonText(f.key), count: f.count }));
  for (const p of s.panics)
    out.push(finding('maillog.panic', 'fail', { ...daemonText(p.key), count: p.count }));
  if (s.totals.reinjected > 0)
    out.push(finding('maillog.reinjected', 'info', { count: s.totals.reinjected }));
  if (s.lines.unparsed > 0) out.push(finding('maillog.unparsed', 'info', { count: s.lines.unparsed }));
  return out;
}
