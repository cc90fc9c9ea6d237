/** ISC dhcpd `host` blocks (dhcpd.conf(5)): a fixed address per MAC; validated by `dhcpd -t -cf`. */
import { netmask } from '../address.js';
import { generatedDevices, type LanTarget, quoted } from './target.js';

export const dhcpdTarget: LanTarget = {
  id: 'dhcpd',
  summary: 'ISC dhcpd host blocks (hardware ethernet + fixed-address)',
  comment: '#',
  appendable: true,
  reader: 'dhcpd',
  block(inv) {
    const out: string[] = [];
    for (const d of generatedDevices(inv)) {
      d.macs.forEach((mac, i) => {
        // Host names must be unique declarations; a second MAC of one device gets a suffix.
        out.push(`host ${d.macs.length > 1 ? `${d.name}-${i + 1}` : d.name} {`);
        out.push(`  hardware ethernet ${mac};`);
        if (d.ipv4) out.push(`  fixed-address ${d.ipv4};`);
        out.push(`  option host-name ${quoted(d.name)};`);
        out.push('}');
      });
    }
    return out;
  },
  skeleton(inv, _file, block) {
    const lines = [
      '# dhcpd.conf — ISC DHCP server; the host blocks below are kept by netdoctor lan',
      `option domain-name ${quoted(inv.site.domain)};`,
      `default-lease-time ${inv.site.leaseTime};`,
      `max-lease-time ${inv.site.leaseTime * 2};`,
      'authoritative;',
      '',
    ];
    for (const s of inv.site.subnets.filter((x) => x.subnet.family === 4)) {
      lines.push(`subnet ${s.subnet.network} netmask ${netmask(s.subnet.prefix)} {`);
      for (const p of s.pools) lines.push(`  range ${p.first} ${p.last};`);
      if (s.gateway) lines.push(`  option routers ${s.gateway};`);
      if (s.dns.length) lines.push(`  option domain-name-servers ${s.dns.join(', ')};`);
      lines.push('}', '');
    }
    return `${lines.join('\n')}\n${block}`;
  },
  validator: (path) => ['dhcpd', '-4', '-t', '-q', '-cf', path],
  reload: ['systemctl', 'restart', 'isc-dhcp-server'],
};
