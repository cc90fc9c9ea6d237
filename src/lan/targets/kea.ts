/**
 * Kea DHCPv4 global reservations (kea-dhcp4.conf(5), "Host Reservations"): one object per MAC.
 * The block sits inside `"reservations": [ … ]` of the Dhcp4 map; Kea reads `//` comments, so
 * the markers are comments. Validated by `kea-dhcp4 -t`.
 */
import { generatedDevices, type LanTarget } from './target.js';

export const keaTarget: LanTarget = {
  id: 'kea',
  summary: 'Kea DHCPv4 reservations (hw-address + ip-address + hostname)',
  comment: '//',
  appendable: false,
  block(inv) {
    const items: string[] = [];
    for (const d of generatedDevices(inv)) {
      if (!d.ipv4) continue;
      // Kea refuses one address reserved twice while ip-reservations-unique is true (the default):
      // a device with several MACs gets its address on the first and a name on the others.
      d.macs.forEach((mac, i) => {
        const o: Record<string, string> = { 'hw-address': mac };
        if (i === 0) o['ip-address'] = d.ipv4 as string;
        o.hostname = d.name;
        items.push(JSON.stringify(o).replace(/,"/g, ', "').replace(/":/g, '": '));
      });
    }
    return items.map((s, i) => (i < items.length - 1 ? `${s},` : s));
  },
  skeleton(inv, _file, block) {
    const subnets = inv.site.subnets
      .filter((s) => s.subnet.family === 4)
      .map((s, i) => {
        const options = [
          ...(s.gateway ? [{ name: 'routers', data: s.gateway }] : []),
          ...(s.dns.length ? [{ name: 'domain-name-servers', data: s.dns.join(', ') }] : []),
        ];
        return {
          id: i + 1,
          subnet: s.subnet.cidr,
          pools: s.pools.map((p) => ({ pool: `${p.first} - ${p.last}` })),
          'option-data': options,
          'reservations-global': true,
          'reservations-in-subnet': false,
        };
      });
    const head = JSON.stringify(
      {
        Dhcp4: {
          'interfaces-config': { interfaces: inv.site.interface ? [inv.site.interface] : [] },
          'lease-database': { type: 'memfile', 'lfc-interval': 3600 },
          'valid-lifetime': inv.site.leaseTime,
          'option-data': [{ name: 'domain-name', data: inv.site.domain }],
          subnet4: subnets,
          reservations: ['@@BLOCK@@'],
        },
      },
      null,
      2,
    );
    const at = head.indexOf('"@@BLOCK@@"');
    const lineStart = head.lastIndexOf('\n', at) + 1;
    const indent = head.slice(lineStart, at);
    const body = block.replace(/^(?=.)/gm, indent);
    return `// kea-dhcp4.conf — the reservations below are kept by netdoctor lan\n${head.slice(0, lineStart)}${body}${head.slice(head.indexOf('\n', at) + 1)}\n`;
  },
  validator: (path) => ['kea-dhcp4', '-t', path],
  reload: ['systemctl', 'restart', 'kea-dhcp4-server'],
};
