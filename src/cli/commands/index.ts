/**
 * The CLI's capabilities, in the order `netdoctor --help` and the README list them: one line per
 * capability module. Several modules may contribute actions to one command name (`mail audit` and
 * `mail explain` come from different modules); they are merged.
 *
 * Modules are loaded on demand: a run loads only the modules of the command it runs, so
 * `netdoctor pcap …` does not pay for the mail and DMARC libraries at start-up.
 */
import type { Capability } from '../command.js';

interface Contribution {
  name: string;
  load(): Promise<Capability>;
}

const contributions: readonly Contribution[] = [
  { name: 'dns', load: () => import('./dns.js').then((m) => m.dnsCommand) },
  { name: 'dns', load: () => import('./dns-zone.js').then((m) => m.dnsZoneCommand) },
  { name: 'mail', load: () => import('./mail-audit.js').then((m) => m.mailAuditCommand) },
  { name: 'mail', load: () => import('./mail-trace.js').then((m) => m.mailTraceCommand) },
  { name: 'mail', load: () => import('./mail-log.js').then((m) => m.mailLogCommand) },
  { name: 'mail', load: () => import('./mail-dkim.js').then((m) => m.mailDkimCommand) },
  { name: 'dmarc', load: () => import('./dmarc.js').then((m) => m.dmarcCommand) },
  { name: 'log', load: () => import('./log-firewall.js').then((m) => m.logFirewallCommand) },
  { name: 'log', load: () => import('./log-syslog.js').then((m) => m.logSyslogCommand) },
  { name: 'pcap', load: () => import('./pcap.js').then((m) => m.pcapCommand) },
  { name: 'pcap', load: () => import('./pcap-tools.js').then((m) => m.pcapToolsCommand) },
  { name: 'scan', load: () => import('./scan.js').then((m) => m.scanCommand) },
  { name: 'listeners', load: () => import('./listeners.js').then((m) => m.listenersCommand) },
  { name: 'lan', load: () => import('./lan.js').then((m) => m.lanCommand) },
  { name: 'check', load: () => import('./check.js').then((m) => m.checkCommand) },
  { name: 'monitor', load: () => import('./monitor.js').then((m) => m.monitorCommand) },
  { name: 'db', load: () => import('./db.js').then((m) => m.dbCommand) },
  { name: 'log', load: () => import('./log-waf.js').then((m) => m.logWafCommand) },
  { name: 'doctor', load: () => import('./doctor.js').then((m) => m.doctorCommand) },
  { name: 'serve', load: () => import('./serve.js').then((m) => m.serveCommand) },
];

/** The command names, without loading any module. */
export const COMMAND_NAMES: readonly string[] = [...new Set(contributions.map((c) => c.name))];

function mergeByName(parts: readonly Capability[]): Capability[] {
  const byName = new Map<string, Capability>();
  for (const c of parts) {
    const seen = byName.get(c.name);
    if (seen) byName.set(c.name, { ...seen, actions: [...seen.actions, ...c.actions] });
    else byName.set(c.name, c);
  }
  return [...byName.values()];
}

/** Loads the capabilities named `name`, or all of them when `name` is undefined. */
export async function loadCapabilities(name?: string): Promise<Capability[]> {
  const wanted = contributions.filter((c) => name === undefined || c.name === name);
  return mergeByName(await Promise.all(wanted.map((c) => c.load())));
}
