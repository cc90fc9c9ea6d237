/**
 * IMAP (RFC 9051): the server greets with an untagged `* OK`, `* PREAUTH` or `* BYE` (§7.1); the
 * client sends tagged commands (`a1 CAPABILITY`). `describe` records the greeting and STARTTLS.
 */
import { type Classifier, type Details, type Direction, hasAscii, type ProbeFlow } from './classifier.js';
import { greeting, startsWithCommand, upgradedHello } from './lib/mail-text.js';

const COMMANDS = ['capability', 'login ', 'starttls', 'authenticate ', 'id ', 'noop', 'select ', 'list '];

/** Offset just past `tag SP` at the start of a client line, or -1. */
function afterTag(p: Uint8Array): number {
  let i = 0;
  while (i < p.length && i < 32) {
    const c = p[i]!;
    if (c === 0x20) return i > 0 ? i + 1 : -1;
    // tag = 1*<any ASTRING-CHAR except "+"> (§9): printable, no specials.
    if (c <= 0x20 || c >= 0x7f || c === 0x2b || c === 0x28 || c === 0x29 || c === 0x7b || c === 0x2a)
      return -1;
    i++;
  }
  return -1;
}

function probe(p: Uint8Array, dir: Direction) {
  if (dir === 'toClient') {
    return hasAscii(p, '* OK') || hasAscii(p, '* PREAUTH') || hasAscii(p, '* BYE')
      ? ('match' as const)
      : ('no' as const);
  }
  const t = afterTag(p);
  return t > 0 && startsWithCommand(p, COMMANDS, t) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, dir: Direction, _flow: ProbeFlow, details: Details) {
  if (details.starttls === 'yes') return upgradedHello(p, dir, details);
  if (dir === 'toClient' && details.banner === undefined && hasAscii(p, '* ')) details.banner = greeting(p);
  if (dir === 'toServer') {
    const t = afterTag(p);
    if (t > 0 && startsWithCommand(p, ['starttls'], t)) {
      details.starttls = 'yes';
      return 'more' as const;
    }
  }
  return 'more' as const;
}

export const imap: Classifier = {
  id: 'imap',
  name: 'IMAP',
  transports: ['tcp'],
  ports: [143],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 10,
};
