/**
 * The CLI's capabilities, in the order `netdoctor --help` lists them: one line per capability
 * module. Several modules may contribute actions to one command name (`mail audit` and
 * `mail explain` come from different modules); they are merged here.
 */
import type { Capability } from '../command.js';
import { dmarcCommand } from './dmarc.js';
import { dnsCommand } from './dns.js';
import { listenersCommand } from './listeners.js';
import { mailAuditCommand } from './mail-audit.js';
import { mailTraceCommand } from './mail-trace.js';
import { pcapCommand } from './pcap.js';
import { pcapToolsCommand } from './pcap-tools.js';
import { scanCommand } from './scan.js';

// The order of `netdoctor --help` and of the README.
const contributions: readonly Capability[] = [
  dnsCommand,
  mailAuditCommand,
  mailTraceCommand,
  dmarcCommand,
  pcapCommand,
  pcapToolsCommand,
  scanCommand,
  listenersCommand,
];

function mergeByName(parts: readonly Capability[]): Capability[] {
  const byName = new Map<string, Capability>();
  for (const c of parts) {
    const seen = byName.get(c.name);
    if (seen) byName.set(c.name, { ...seen, actions: [...seen.actions, ...c.actions] });
    else byName.set(c.name, c);
  }
  return [...byName.values()];
}

export const capabilities: readonly Capability[] = mergeByName(contributions);
