/**
 * POP3 (RFC 1939): the server greets with `+OK`; clients send CAPA (RFC 2449), STLS (RFC 2595),
 * USER or APOP. `describe` records the greeting and a STLS upgrade.
 */
import { type Classifier, type Details, type Direction, hasAscii, type ProbeFlow } from './classifier.js';
import { greeting, startsWithCommand, upgradedHello } from './lib/mail-text.js';

function probe(p: Uint8Array, dir: Direction, flow: ProbeFlow) {
  if (dir === 'toClient') {
    if (hasAscii(p, '+OK')) return 'match' as const;
    return flow.serverPort === 110 && hasAscii(p, '-ERR') ? ('match' as const) : ('no' as const);
  }
  return startsWithCommand(p, ['capa\r', 'stls\r', 'apop ']) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, dir: Direction, _flow: ProbeFlow, details: Details) {
  if (details.starttls === 'yes') return upgradedHello(p, dir, details);
  if (dir === 'toClient' && details.banner === undefined && hasAscii(p, '+OK')) details.banner = greeting(p);
  if (dir === 'toServer' && startsWithCommand(p, ['stls'])) {
    details.starttls = 'yes';
    return 'more' as const;
  }
  return 'more' as const;
}

export const pop: Classifier = {
  // tshark's name (its filter field is `pop`); the display filters accept `pop3` as well.
  id: 'pop',
  name: 'POP3',
  transports: ['tcp'],
  ports: [110],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 10,
};
