/**
 * The LAN capability: one inventory of every device → DHCP (ISC dhcpd, Kea, dnsmasq), DNS (BIND
 * forward and reverse zones), /etc/hosts, lmhosts, arpalert's allow-list and /etc/ethers; import
 * from what exists; discovery; and an ARP watch that knows the inventory.
 *
 * @example
 *   const inv = parseInventory(text, 'lan.yaml');
 *   const { ok, findings } = checkInventory(inv, { vendors: VendorRegistry.load() });
 *   const plan = planTargets(inv);                 // per file: old, next, changed
 *   const { findings: written } = applyPlan(plan);  // validated, atomic, .bak kept
 */
import { type Finding, finding, type Severity } from '../core/findings.js';
import type { ArpEvent, ArpEventKind } from './watch.js';

export { type Pool, parseCidr, reverseZoneName, type Subnet } from './address.js';
export { type AppliedFile, type ApplyOptions, applyPlan, type SavedPlan, savePlan } from './apply.js';
export { type ArpDatEntry, formatArpDat, parseArpDat } from './arpdat.js';
export { type CheckResult, checkInventory, isHostName, netbiosProblem } from './check.js';
export { type DiscoverOptions, discoverLan, type Neighbour } from './discover.js';
export { detectImportFormat, IMPORT_FORMATS, type ImportFormat } from './formats.js';
export { type ImportResult, type ImportSource, importInventory } from './import.js';
export { type Device, type Inventory, parseInventory, type Site, type SubnetDef } from './inventory.js';
export { arpwatchMac, hasLocalBit, isGroupMac, normalizeMac } from './mac.js';
export { findBlock, markedBlock, spliceBlock } from './markers.js';
export { lanMessages } from './messages.js';
export {
  type PlannedFile,
  type PlanOptions,
  planTargets,
  readLive,
  sha256,
  targetFiles,
  unifiedDiff,
} from './render.js';
export { TARGETS } from './targets/index.js';
export type { LanTarget, TargetFile } from './targets/target.js';
export { DEFAULT_IEEE_DIR, type VendorEntry, VendorRegistry } from './vendor.js';
export {
  ARPWATCH_WORDS,
  type ArpEvent,
  type ArpEventKind,
  ArpWatch,
  type ArpWatchOptions,
  inventoryNets,
  NEW_ACTIVITY_SECONDS,
} from './watch.js';
export {
  parseNeighLine,
  watchCaptureFile,
  watchCaptureStream,
  watchInterface,
  watchNeighbourLines,
  watchNeighbours,
} from './watch-sources.js';

export const EVENT_SEVERITY: Record<ArpEventKind, Severity> = {
  'new-station': 'info',
  'new-activity': 'info',
  'changed-ethernet': 'warn',
  'flip-flop': 'warn',
  'reused-ethernet': 'warn',
  'ethernet-broadcast': 'warn',
  'ethernet-mismatch': 'warn',
  bogon: 'warn',
  'unknown-mac': 'warn',
  'not-allowed': 'fail',
  'wrong-address': 'warn',
  'claimed-address': 'fail',
  'duplicate-ip': 'fail',
};

/** An ARP event as a finding (`lan.watch.<kind>`), the event itself as evidence. */
export function eventFinding(e: ArpEvent): Finding {
  return finding(
    `lan.watch.${e.kind}`,
    EVENT_SEVERITY[e.kind],
    {
      ip: e.ip,
      mac: e.mac,
      oldMac: e.oldMac ?? '-',
      name: e.name ?? '-',
      label: e.name && e.kind !== 'claimed-address' ? ` (${e.name})` : '',
      expected: e.expected ?? '-',
    },
    e,
  );
}
