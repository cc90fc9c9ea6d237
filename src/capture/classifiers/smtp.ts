/**
 * SMTP (RFC 5321): the server greets first with `220` (§4.2), the client answers `EHLO`/`HELO`
 * (§4.1.1.1). A `220` greeting that names FTP is left to the FTP classifier; one that names
 * SMTP, or any reply code on the submission ports, is enough. `describe` records the greeting and
 * whether the client asked for STARTTLS (RFC 3207) — mail then continues encrypted.
 */
import { type Classifier, type Details, type Direction, indexOfAscii, type ProbeFlow } from './classifier.js';
import { greeting, hasReplyCode, startsWithCommand, upgradedHello } from './lib/mail-text.js';

const SMTP_PORTS = [25, 587, 2525];

function probe(p: Uint8Array, dir: Direction, flow: ProbeFlow) {
  if (dir === 'toServer')
    return startsWithCommand(p, ['ehlo ', 'helo ']) ? ('match' as const) : ('no' as const);
  if (!hasReplyCode(p)) return 'no' as const;
  if (SMTP_PORTS.includes(flow.serverPort)) return 'match' as const;
  if (p[0] !== 0x32 || p[1] !== 0x32 || p[2] !== 0x30) return 'no' as const;
  const eol = Math.min(p.length, 200);
  if (indexOfAscii(p, 'FTP', 0, eol) !== -1) return 'no' as const;
  return indexOfAscii(p, 'SMTP', 0, eol) !== -1 ? ('match' as const) : ('more' as const);
}

function describe(p: Uint8Array, dir: Direction, _flow: ProbeFlow, details: Details) {
  if (details.starttls === 'yes') return upgradedHello(p, dir, details);
  if (dir === 'toClient' && details.banner === undefined && hasReplyCode(p)) details.banner = greeting(p);
  if (dir === 'toServer' && startsWithCommand(p, ['starttls'])) {
    details.starttls = 'yes';
    return 'more' as const;
  }
  return 'more' as const;
}

export const smtp: Classifier = {
  id: 'smtp',
  name: 'SMTP',
  transports: ['tcp'],
  ports: SMTP_PORTS,
  maxDepth: 3,
  probe,
  describe,
  describeDepth: 12,
};
