/**
 * arpalert's `maclist.allow` (arpalert(8)): `MAC IP [interface]` for each allowed device, so the
 * ARP monitor alerts only on strangers. Devices with `allowed: false` are left out.
 */
import { columns, generatedDevices, type LanTarget } from './target.js';

export const arpalertTarget: LanTarget = {
  id: 'arpalert',
  summary: 'arpalert maclist.allow lines (MAC IPv4 [interface])',
  comment: '#',
  appendable: true,
  reader: 'ethers',
  block(inv) {
    const rows: string[][] = [];
    for (const d of generatedDevices(inv)) {
      if (!d.ipv4) continue;
      for (const mac of d.macs) rows.push([mac, d.ipv4, ...(inv.site.interface ? [inv.site.interface] : [])]);
    }
    return columns(rows);
  },
  skeleton(_inv, _file, block) {
    return `# arpalert maclist.allow — MAC IP [interface]\n${block}`;
  },
  reload: ['systemctl', 'restart', 'arpalert'],
};
