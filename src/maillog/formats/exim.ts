/**
 * Exim 4's main log, in its own file (`/var/log/exim4/mainlog`: `2026-12-06 10:00:00 [pid] …`,
 * the stamp in local time, `+0900` after it with `log_timezone`) or through syslog (`exim[pid]:`,
 * the stamp repeated unless `syslog_timestamp = false`). Each message line is its id and a flag
 * (the Exim specification, chapter "Log files"):
 *
 *   <= arrival    => delivery   -> another address of the same delivery   >> cutthrough delivery
 *   == deferred   ** failed (bounced)   *> suppressed (-N)   Completed: the message left the queue
 *
 *   1rAbCd-000123-Ab <= alice@example.org H=client.example.org [192.0.2.1]:4321 P=esmtp S=1234 id=…
 *   1rAbCd-000123-Ab => bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.2] C="250 OK"
 *   1rAbCd-000123-Ab == dave@example.net R=dnslookup T=remote_smtp defer (-44): SMTP error from remote
 *                       mail server after RCPT TO:<dave@example.net>: host … [192.0.2.3]: 450 4.2.0 Busy
 *   H=bad.example [192.0.2.9] F=<spam@example.com> rejected RCPT <y@example.org>: relay not permitted
 *
 * A bounce Exim makes itself arrives as `<= <> R=<the failed message's id>`: queued, not received
 * (as Postfix's bounce daemon's messages are not).
 */
import type { LogRecord } from '../../logs/index.js';
import type { MailEvents, MailLogFormat } from './index.js';
import { dsnOf, peer } from './index.js';

const STAMP =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?: [+-]\d{4})? (?:\[(\d{1,10})\] )?/;
const ID = /^([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) /;
const HOST = /(?:^| )H=(?:([^\s[(]{1,255}) ?)?(?:\([^)]{0,255}\) ?)?\[([^\]]{1,64})\](?::(\d{1,5}))?/;
const KNOWN =
  /^(?:SMTP connection |SMTP call |SMTP protocol |SMTP command timeout|SMTP data timeout|SMTP syntax error|Start queue run|End queue run|exim [^ ]{1,20} daemon started|no host name found|no IP address found|TLS error|unexpected disconnection|incomplete transaction|connection from|Connection from|no MAIL in SMTP|cwd=|\d{1,3} args?: |[^ ]{1,255} \[[^\]]{1,64}\](?::\d{1,5})? |H=|U=|F=|sender verify|host name alias|DKIM: |Spool file |Message is frozen|Frozen|Unfrozen|cancelled by|removed by|Sender identification|SMTP error|\*> |Completed|Warning: |ACL |ctasd |SA: |spam|virus|log string overflow|ignoring|retry time not reached|no immediate delivery|delivery deferred|tls_|Received from|Queue run|Delay |queue_only|message too big|rejected )/;

function seconds(v: string | undefined): number {
  if (!v) return 0;
  let total = 0;
  for (const m of v.matchAll(/([\d.]{1,12})([wdhms])/g)) {
    const n = Number(m[1]);
    total += n * ({ w: 604800, d: 86400, h: 3600, m: 60, s: 1 } as Record<string, number>)[m[2] as string]!;
  }
  return total;
}

function field(rest: string, key: string): string | undefined {
  const i = rest.indexOf(` ${key}=`);
  if (i < 0) return undefined;
  const start = i + key.length + 2;
  if (rest[start] === '"') {
    const end = rest.indexOf('"', start + 1);
    return rest.slice(start + 1, end < 0 ? undefined : end);
  }
  const end = rest.indexOf(' ', start);
  return rest.slice(start, end < 0 ? undefined : end);
}

function hostOf(rest: string): string | undefined {
  const h = HOST.exec(rest);
  return h ? peer(h[1] ?? '', h[2]) : undefined;
}

/** `addr <orig> R=…`: the recipient (the original address in angle brackets when given) and the rest. */
function addressAndRest(s: string): { to: string; rest: string } {
  const sp = s.indexOf(' ');
  const first = sp < 0 ? s : s.slice(0, sp);
  let rest = sp < 0 ? '' : s.slice(sp);
  let to = first.replace(/:$/, '');
  const orig = /^ <([^>]{1,1024})>/.exec(rest);
  if (orig) {
    to = orig[1] as string;
    rest = rest.slice(orig[0].length);
  }
  return { to, rest };
}

const REMOTE = /host ([^\s]{1,255}) \[([^\]]{1,64})\](?::\d{1,5})?: (.*)$/;

/** The reply in an error text (after `host … [ip]: ` when a remote said it), and that host. */
function remoteReply(text: string): { reply: string; host?: string } {
  const m = REMOTE.exec(text);
  return m ? { reply: m[3] as string, host: peer(m[1] as string, m[2]) } : { reply: text };
}

function message(time: number, program: string, id: string, s: string, events: MailEvents): boolean {
  const flag = s.slice(0, 3);
  const body = s.slice(3);
  switch (flag) {
    case '<= ': {
      const sp = body.indexOf(' ');
      const sender = (sp < 0 ? body : body.slice(0, sp)).replace(/^<>$/, '');
      const rest = sp < 0 ? '' : body.slice(sp);
      const size = Number(field(rest, 'S') ?? 0);
      const parent = field(rest, 'R');
      if (!(sender === '' && parent !== undefined)) events.received(time, id, hostOf(rest) ?? 'local');
      events.queued(id, sender, Number.isFinite(size) ? size : 0);
      return true;
    }
    case '=> ':
    case '-> ':
    case '>> ': {
      const { to, rest } = addressAndRest(body);
      const reply = field(rest, 'C') ?? '';
      const dsn = dsnOf(reply);
      events.delivery(time, program, id, {
        to,
        relay: hostOf(rest) ?? field(rest, 'T') ?? 'local',
        delay: seconds(field(rest, 'QT') ?? field(rest, 'DT')),
        ...(dsn ? { dsn } : {}),
        status: 'sent',
        reply,
      });
      return true;
    }
    case '== ':
    case '** ': {
      const { to, rest } = addressAndRest(body);
      const colon = rest.indexOf(': ');
      const text = colon < 0 ? rest.trim() : rest.slice(colon + 2);
      const { reply, host } = remoteReply(text);
      const dsn = dsnOf(reply);
      events.delivery(time, program, id, {
        to,
        relay: host ?? hostOf(colon < 0 ? rest : rest.slice(0, colon)) ?? field(rest, 'T') ?? 'none',
        delay: seconds(field(rest, 'QT') ?? field(rest, 'DT')),
        ...(dsn ? { dsn } : {}),
        status: flag === '== ' ? 'deferred' : 'bounced',
        reply,
      });
      return true;
    }
    default:
      if (s === 'Completed' || s.startsWith('Completed ')) {
        events.removed(id);
        return true;
      }
      if (s.includes(' rejected ') || s.startsWith('rejected ')) return rejected(time, program, s, events);
      return KNOWN.test(s);
  }
}

const STAGE =
  /rejected (RCPT|MAIL|EHLO or HELO|HELO|EHLO|VRFY|EXPN|AUTH|connection|after DATA|after MAIL|after RCPT|\(?[a-z ]{1,30}\)?)(?: (<[^>]{0,1024}>|[^\s:]{1,255}))?: (.*)$/;

function rejected(time: number, program: string, s: string, events: MailEvents): boolean {
  const m = STAGE.exec(s.length > 4000 ? s.slice(0, 4000) : s);
  if (!m) return false;
  const stage = (m[1] as string).replace(/^after /, '').replace(/^EHLO or HELO$/, 'HELO');
  const text = m[3] as string;
  const code = /^(\d{3})(?:[ -](\d\.\d{1,3}\.\d{1,3}))? /.exec(text);
  const from = /(?:^| )F=<([^>]{0,1024})>/.exec(s)?.[1];
  const arg = m[2]?.replace(/^<|>$/g, '');
  const client =
    hostOf(` ${s}`) ??
    (/^\[([^\]]{1,64})\]/.exec(s) ? peer('', /^\[([^\]]{1,64})\]/.exec(s)?.[1]) : undefined);
  events.rejected(time, program, {
    action: 'reject',
    stage,
    ...(client ? { client } : {}),
    ...(code ? { code: code[2] ? `${code[1]} ${code[2]}` : (code[1] as string) } : {}),
    reason: code ? text.slice(code[0].length) : text,
    ...(from !== undefined ? { from } : {}),
    ...(stage === 'RCPT' && arg !== undefined ? { to: arg } : {}),
  });
  return true;
}

export const exim: MailLogFormat = {
  id: 'exim',
  owns: (program) => program === 'exim' || program === 'exim4',
  line(line: string): LogRecord | undefined {
    const m = STAMP.exec(line.length > 200 ? line.slice(0, 200) : line);
    if (!m) return undefined;
    const n = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const rec: LogRecord = {
      time: Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]),
      host: '',
      program: 'exim',
      message: line.slice(m[0].length),
    };
    if (m[7] !== undefined) rec.pid = m[7];
    return rec;
  },
  read(rec: LogRecord, events: MailEvents): boolean {
    let s = rec.message;
    const stamp = STAMP.exec(s.length > 200 ? s.slice(0, 200) : s); // syslog_timestamp repeats it
    if (stamp) s = s.slice(stamp[0].length);
    const id = ID.exec(s);
    if (id) return message(rec.time, rec.program, id[1] as string, s.slice(id[0].length), events);
    if (s.includes(' rejected ') || s.startsWith('rejected '))
      return rejected(rec.time, rec.program, s, events);
    if (s.startsWith('Warning: ') || s.includes(' Warning: ')) {
      events.warning(rec.program, s.slice(0, 300));
      return true;
    }
    return KNOWN.test(s);
  },
};
