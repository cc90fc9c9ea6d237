/**
 * The BIND forward zone of the site's domain: A and AAAA for every device, CNAME for its aliases.
 * The block carries its own `$ORIGIN` and `$TTL`; the SOA (hand-written, or the skeleton's) has
 * its serial raised when the records change. Validated by `named-checkzone`.
 */
import { finalizeZone, forwardRecords, zoneBlock, zoneSkeleton } from '../zone.js';
import type { LanTarget } from './target.js';

export const zoneTarget: LanTarget = {
  id: 'zone',
  summary: 'BIND forward zone (A, AAAA, CNAME) of site.domain',
  comment: ';',
  appendable: true,
  reader: 'zone',
  files(inv) {
    const path = inv.site.targets.zone;
    return path ? [{ target: 'zone', path, zone: inv.site.domain }] : [];
  },
  block(inv) {
    return zoneBlock(forwardRecords(inv), inv.site.domain, inv.site.ttl);
  },
  skeleton(inv, file, block) {
    return `${zoneSkeleton(inv, file.zone ?? inv.site.domain, 0)}\n${block}`;
  },
  finalize(next, old, file, now) {
    return finalizeZone(next, old, file.zone as string, file.path, now);
  },
  validator: (path, file) => ['named-checkzone', '-q', '-k', 'fail', '-n', 'fail', file.zone as string, path],
  reload: ['rndc', 'reload'],
};
