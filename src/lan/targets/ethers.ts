/** `/etc/ethers` (ethers(5)): `MAC hostname`, read by `arp -f`, `ether_ntohost(3)` and dnsmasq's `read-ethers`. */
import { columns, fqdn, generatedDevices, type LanTarget } from './target.js';

export const ethersTarget: LanTarget = {
  id: 'ethers',
  summary: '/etc/ethers lines (MAC FQDN)',
  comment: '#',
  appendable: true,
  reader: 'ethers',
  block(inv) {
    const rows: string[][] = [];
    for (const d of generatedDevices(inv)) for (const mac of d.macs) rows.push([mac, fqdn(d.name, inv)]);
    return columns(rows);
  },
  skeleton(_inv, _file, block) {
    return `# /etc/ethers — MAC address to host name (ethers(5))\n${block}`;
  },
  reload: [],
};
