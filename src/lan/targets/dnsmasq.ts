/** dnsmasq `dhcp-host=` lines (dnsmasq(8)): MACs, the fixed address and the name; `dnsmasq --test`. */
import { netmask } from '../address.js';
import { generatedDevices, type LanTarget } from './target.js';

export const dnsmasqTarget: LanTarget = {
  id: 'dnsmasq',
  summary: 'dnsmasq dhcp-host= lines (MAC[,MAC…],IPv4,name)',
  comment: '#',
  appendable: true,
  reader: 'dnsmasq',
  block(inv) {
    const out: string[] = [];
    for (const d of generatedDevices(inv)) {
      if (d.macs.length === 0) continue;
      // Several MACs on one line: dnsmasq gives the address to whichever of them asks (one at a time).
      out.push(`dhcp-host=${[...d.macs, ...(d.ipv4 ? [d.ipv4] : []), d.name].join(',')}`);
    }
    return out;
  },
  skeleton(inv, _file, block) {
    const lines = ['# dnsmasq configuration — the dhcp-host lines below are kept by netdoctor lan'];
    if (inv.site.interface) lines.push(`interface=${inv.site.interface}`, 'bind-interfaces');
    lines.push(`domain=${inv.site.domain}`);
    for (const s of inv.site.subnets.filter((x) => x.subnet.family === 4)) {
      for (const p of s.pools) {
        lines.push(`dhcp-range=${p.first},${p.last},${netmask(s.subnet.prefix)},${inv.site.leaseTime}s`);
      }
      if (s.gateway) lines.push(`dhcp-option=option:router,${s.gateway}`);
      if (s.dns.length) lines.push(`dhcp-option=option:dns-server,${s.dns.join(',')}`);
    }
    return `${lines.join('\n')}\n\n${block}`;
  },
  validator: (path) => ['dnsmasq', '--test', `--conf-file=${path}`],
  reload: ['systemctl', 'restart', 'dnsmasq'],
};
