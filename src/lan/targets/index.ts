/** The generated LAN targets: one line per file in this folder (a test compares the two). */
import { arpalertTarget } from './arpalert.js';
import { dhcpdTarget } from './dhcpd.js';
import { dnsmasqTarget } from './dnsmasq.js';
import { ethersTarget } from './ethers.js';
import { hostsTarget } from './hosts.js';
import { keaTarget } from './kea.js';
import { lmhostsTarget } from './lmhosts.js';
import { reverseTarget } from './reverse.js';
import type { LanTarget } from './target.js';
import { zoneTarget } from './zone.js';

export const TARGETS: readonly LanTarget[] = [
  arpalertTarget,
  dhcpdTarget,
  dnsmasqTarget,
  ethersTarget,
  hostsTarget,
  keaTarget,
  lmhostsTarget,
  reverseTarget,
  zoneTarget,
];

export type { LanTarget, TargetFile } from './target.js';
