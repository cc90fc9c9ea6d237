/** `/etc/hosts` (hosts(5)): address, canonical name, aliases — IPv4 and IPv6 lines. */
import { columns, fqdn, generatedDevices, type LanTarget } from './target.js';

export const hostsTarget: LanTarget = {
  id: 'hosts',
  summary: '/etc/hosts lines (address FQDN name aliases…)',
  comment: '#',
  appendable: true,
  reader: 'hosts',
  block(inv) {
    const rows: string[][] = [];
    for (const d of generatedDevices(inv)) {
      const names = [fqdn(d.name, inv), d.name, ...d.aliases.flatMap((a) => [fqdn(a, inv), a])];
      const unique = [...new Set(names)];
      for (const ip of [...(d.ipv4 ? [d.ipv4] : []), ...d.ipv6]) rows.push([ip, ...unique]);
    }
    return columns(rows.map((r) => [r[0] as string, r.slice(1).join(' ')]));
  },
  skeleton(_inv, _file, block) {
    return `127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n\n${block}`;
  },
  reload: [],
};
