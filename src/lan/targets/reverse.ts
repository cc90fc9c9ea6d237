/**
 * The BIND reverse zones (IPv4 in-addr.arpa and IPv6 ip6.arpa): one file per subnet that names a
 * `reverse-file`, PTR records for every device address inside it. Validated by `named-checkzone`.
 */
import { finalizeZone, reverseRecords, zoneBlock, zoneSkeleton } from '../zone.js';
import type { LanTarget, TargetFile } from './target.js';

export const reverseTarget: LanTarget = {
  id: 'reverse',
  summary: 'BIND reverse zones (PTR) of each subnet with a reverse-file',
  comment: ';',
  appendable: true,
  reader: 'zone',
  files(inv) {
    const out: TargetFile[] = [];
    for (const s of inv.site.subnets) {
      if (!s.reverseFile || out.some((f) => f.path === s.reverseFile)) continue;
      out.push({ target: 'reverse', path: s.reverseFile, zone: s.reverseZone });
    }
    return out;
  },
  block(inv, file) {
    return zoneBlock(reverseRecords(inv, file.zone as string), file.zone as string, inv.site.ttl);
  },
  skeleton(inv, file, block) {
    return `${zoneSkeleton(inv, file.zone as string, 0)}\n${block}`;
  },
  finalize(next, old, file, now) {
    return finalizeZone(next, old, file.zone as string, file.path, now);
  },
  validator: (path, file) => ['named-checkzone', '-q', '-k', 'fail', '-n', 'fail', file.zone as string, path],
  reload: ['rndc', 'reload'],
};
