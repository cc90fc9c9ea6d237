/**
 * FTP control connection (RFC 959): the server greets with `220` (usually naming FTP), the client
 * then sends USER, AUTH (RFC 4217), FEAT, SYST or OPTS. The client never speaks first.
 */
import { type Classifier, type Details, type Direction, indexOfAscii, type ProbeFlow } from './classifier.js';
import { greeting, hasReplyCode, startsWithCommand, upgradedHello } from './lib/mail-text.js';

const FIRST_COMMANDS = ['user ', 'auth ', 'feat', 'syst', 'opts ', 'pass '];

function probe(p: Uint8Array, dir: Direction, flow: ProbeFlow) {
  if (dir === 'toClient') {
    if (!hasReplyCode(p) || p[0] !== 0x32 || p[1] !== 0x32 || p[2] !== 0x30) return 'no' as const;
    if (indexOfAscii(p, 'FTP', 0, 200) !== -1 || flow.serverPort === 21) return 'match' as const;
    flow.scratch = { ...flow.scratch, ftpGreeted: true };
    return 'more' as const;
  }
  if (flow.scratch?.ftpGreeted !== true) return 'no' as const;
  return startsWithCommand(p, FIRST_COMMANDS) ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, dir: Direction, _flow: ProbeFlow, details: Details) {
  if (details.starttls === 'yes') return upgradedHello(p, dir, details);
  if (dir === 'toClient' && details.banner === undefined && hasReplyCode(p)) details.banner = greeting(p);
  if (dir === 'toServer' && startsWithCommand(p, ['auth tls', 'auth ssl'])) {
    details.starttls = 'yes';
    return 'more' as const;
  }
  return 'more' as const;
}

export const ftp: Classifier = {
  id: 'ftp',
  name: 'FTP',
  transports: ['tcp'],
  ports: [21],
  maxDepth: 3,
  probe,
  describe,
  describeDepth: 6,
};
