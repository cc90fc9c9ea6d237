/**
 * Sendmail (and Debian's `sm-mta`, the submission queue `sm-msp-queue`) as it logs through syslog:
 *
 *   QID: from=<a@example.org>, size=1234, class=0, nrcpts=1, msgid=<…>, proto=ESMTP, daemon=MTA, relay=host [ip]
 *   QID: to=<b@example.net>,<c@example.net>, ctladdr=…, delay=00:00:04, xdelay=00:00:04, mailer=esmtp,
 *        pri=121148, relay=mx.example.net. [192.0.2.2], dsn=2.0.0, stat=Sent (Ok: queued as 4AbC)
 *   QID: to=…, dsn=4.3.5, stat=Deferred: 451 4.3.5 Server configuration problem
 *   QID: to=…, dsn=5.1.1, stat=User unknown
 *   QID: ruleset=check_rcpt, arg1=<x@example.com>, relay=[61.83.89.93], reject=550 5.7.1 <x@example.com>... Relaying denied
 *
 * Sendmail logs no "removed": a message ends when each of its `nrcpts` recipients has a final
 * status (sent or bounced). A `from=` line with nrcpts=0 is a session whose recipients were all
 * refused: not a received message.
 */
import type { LogRecord } from '../../logs/index.js';
import type { MailEvents, MailLogFormat } from './index.js';
import { dsnOf, peer } from './index.js';

const PROGRAMS = new Set(['sendmail', 'sm-mta', 'sm-msp-queue']);
const QID = /^([0-9A-Za-z]{8,20}): /;
const FROM =
  /^from=(?:<([^>]{0,1024})>|([^,\s]{0,1024})), size=(\d{1,15}), class=-?\d{1,9}, nrcpts=(\d{1,9})/;
const RELAY = /(?:^|, )relay=((?:[^,[\s]{1,300} ?)?)(?:\[([^\]]{1,64})\])?/;
const DELAY = /(?:^|, )delay=(?:(\d{1,5})\+)?(\d{1,3}):(\d{2}):(\d{2})/;
const DSN = /(?:^|, )dsn=(\d\.\d{1,3}\.\d{1,3})/;
const REJECT =
  /^(?:ruleset=([a-z_]{1,40}), arg1=(<[^>]{0,1024}>|[^,]{0,1024}), )?(?:relay=([^,]{0,300}), )?(?:[a-z_]{1,20}=[^,]{0,300}, ){0,4}reject=(\d{3}) (?:(\d\.\d{1,3}\.\d{1,3}) )?(.*)$/;
const KNOWN =
  /^(?:STARTTLS|AUTH=|ALERT|lost input channel|did not issue|timeout waiting|Milter|milter|\S{1,30}: DSN: |\S{1,30}: return to sender|\S{1,30}: sender notify|\S{1,30}: postmaster notify|done|clone |collect: |starting daemon|rejecting connections|accepting connections|My unqualified host name|unable to qualify|SMTP outgoing connect|tls_|alias database|\/etc\/mail\/|<[^>]{0,1024}>\.\.\. |[^\s<]{1,256}\.\.\. |Authentication-Warning|Possible SMTP RCPT flood|discarded|headers too large|message-id=|makeconnection|Syntax error|too many|NOQUEUE: |ETRN |VRFY |EXPN |rejecting commands|grew WorkList|runqueue|child |Warning: )/;

const STAGES: Record<string, string> = {
  check_relay: 'CONNECT',
  check_mail: 'MAIL',
  check_rcpt: 'RCPT',
  check_data: 'DATA',
  check_eoh: 'DATA',
  check_eom: 'END-OF-MESSAGE',
};

function relayOf(text: string): string {
  const m = RELAY.exec(text);
  if (!m) return 'none';
  return peer((m[1] ?? '').trim(), m[2]);
}

/** `to=<a>,<b>, …`: the recipients before the first `, key=`. */
function recipients(rest: string): { list: string[]; end: number } {
  const m = /, [a-z]{1,20}=/.exec(rest.length > 20_000 ? rest.slice(0, 20_000) : rest);
  const end = m ? m.index : rest.length;
  const list = rest
    .slice(3, end)
    .split(',')
    .map((a) => a.trim().replace(/^<|>$/g, ''))
    .filter((a) => a.length > 0);
  return { list, end };
}

function delivery(time: number, program: string, qid: string, rest: string, events: MailEvents): boolean {
  const { list, end } = recipients(rest);
  const fields = rest.slice(end);
  const at = fields.indexOf(', stat=');
  if (list.length === 0 || at < 0) return false;
  const stat = fields.slice(at + 7);
  const head = fields.slice(0, at);
  const d = DELAY.exec(head);
  const delay = d ? Number(d[1] ?? 0) * 86400 + Number(d[2]) * 3600 + Number(d[3]) * 60 + Number(d[4]) : 0;
  let dsn = DSN.exec(head)?.[1];
  const relay = relayOf(head);
  let status: 'sent' | 'deferred' | 'bounced';
  let reply: string;
  if (stat.startsWith('Sent')) {
    status = 'sent';
    const open = stat.indexOf('(');
    reply = open >= 0 ? stat.slice(open + 1, stat.endsWith(')') ? -1 : undefined) : '';
  } else if (stat.startsWith('Deferred')) {
    status = 'deferred';
    reply = stat.startsWith('Deferred: ') ? stat.slice(10) : stat;
  } else if (/^queued\b/i.test(stat)) {
    return true; // put in the queue for later (-odq, a busy load): no attempt yet
  } else {
    status = dsn?.startsWith('4') ? 'deferred' : 'bounced';
    reply = stat;
  }
  dsn ??= dsnOf(reply);
  for (const to of list)
    events.delivery(time, program, qid, { to, relay, delay, ...(dsn ? { dsn } : {}), status, reply });
  return true;
}

function reject(time: number, program: string, rest: string, events: MailEvents): boolean {
  const m = REJECT.exec(rest);
  if (!m) return false;
  const ruleset = m[1];
  const arg = m[2]?.replace(/^<|>$/g, '');
  const text = (m[6] as string).replace(/^<[^>]{0,1024}>\.\.\. |^[^\s<]{1,256}\.\.\. /, '');
  const code = m[4] as string;
  events.rejected(time, program, {
    action: 'reject',
    stage: (ruleset && STAGES[ruleset]) || (ruleset ?? 'SMTP'),
    ...(m[3] ? { client: relayOf(`relay=${m[3]}`) } : {}),
    code: m[5] ? `${code} ${m[5]}` : code,
    reason: text,
    ...(ruleset === 'check_rcpt' && arg !== undefined ? { to: arg } : {}),
    ...(ruleset === 'check_mail' && arg !== undefined ? { from: arg } : {}),
  });
  return true;
}

export const sendmail: MailLogFormat = {
  id: 'sendmail',
  owns: (program) => PROGRAMS.has(program),
  read(rec: LogRecord, events: MailEvents): boolean {
    const msg = rec.message;
    const q = QID.exec(msg);
    const rest = q ? msg.slice((q[1] as string).length + 2) : msg;
    if (q) {
      const qid = q[1] as string;
      if (rest.startsWith('to=')) return delivery(rec.time, rec.program, qid, rest, events);
      if (rest.startsWith('from=')) {
        const f = FROM.exec(rest);
        if (!f) return false;
        const nrcpt = Number(f[4]);
        if (nrcpt === 0) return true; // every recipient refused: nothing was accepted
        events.received(rec.time, qid, relayOf(rest));
        events.queued(qid, f[1] ?? f[2] ?? '', Number(f[3]), nrcpt);
        return true;
      }
    }
    if (rest.includes('reject=')) return reject(rec.time, rec.program, rest, events);
    if (rest.startsWith('SYSERR') || rest.startsWith('Warning: ')) {
      events.warning(rec.program, rest.slice(0, 300));
      return true;
    }
    return KNOWN.test(rest);
  },
};
