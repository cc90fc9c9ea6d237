/**
 * Samba's `lmhosts` (lmhosts(5)): `IP NETBIOSNAME` for NetBIOS name resolution. The name is the
 * device's `netbios`, or its host name in capitals when that fits in 15 characters.
 */
import { columns, generatedDevices, type LanTarget } from './target.js';

export const lmhostsTarget: LanTarget = {
  id: 'lmhosts',
  summary: 'Samba lmhosts lines (IPv4 NETBIOSNAME)',
  comment: '#',
  appendable: true,
  reader: 'hosts',
  block(inv) {
    const rows: string[][] = [];
    for (const d of generatedDevices(inv)) {
      if (!d.ipv4) continue;
      const name =
        d.netbios ?? (d.name.length <= 15 && !d.name.includes('.') ? d.name.toUpperCase() : undefined);
      if (name) rows.push([d.ipv4, name]);
    }
    return columns(rows);
  },
  skeleton(_inv, _file, block) {
    return `# lmhosts — NetBIOS names (see lmhosts(5))\n${block}`;
  },
  reload: [],
};
