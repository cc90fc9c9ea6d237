/** SSH: both sides open with an identification line `SSH-protoversion-softwareversion` (RFC 4253 §4.2). */
import { type Classifier, type Details, type Direction, firstLine, hasAscii } from './classifier.js';

function probe(p: Uint8Array) {
  if (p.length < 4) return 'more' as const;
  return hasAscii(p, 'SSH-') ? ('match' as const) : ('no' as const);
}

function describe(p: Uint8Array, dir: Direction, _flow: unknown, details: Details) {
  if (hasAscii(p, 'SSH-')) details[dir === 'toServer' ? 'clientBanner' : 'serverBanner'] = firstLine(p);
  return details.clientBanner !== undefined && details.serverBanner !== undefined
    ? ('done' as const)
    : ('more' as const);
}

export const ssh: Classifier = {
  id: 'ssh',
  name: 'SSH',
  transports: ['tcp'],
  ports: [22],
  maxDepth: 2,
  probe,
  describe,
  describeDepth: 3,
};
