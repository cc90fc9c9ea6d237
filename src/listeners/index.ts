/**
 * `listListeners`: this machine's listening TCP and UDP sockets (IPv4 and IPv6) with the process
 * behind each, which of them the network can reach, and — given an allow-list — the unexpected.
 *
 * @example
 *   const r = listListeners({ allow: { file: '/etc/netdoctor/allow', rules } });
 *   r.listeners[0]; // { protocol: 'tcp', address: '0.0.0.0', port: 22, scope: 'all', processes: [{ pid: 612, name: 'sshd', … }] }
 */
import { type Finding, finding } from '../core/findings.js';
import { type AllowRule, allowedBy } from './allow.js';
import { type ProcessInfo, type Protocol, readSockets, socketOwners } from './proc.js';

export { type AllowRule, parseAllowList } from './allow.js';
export { listenersMessages } from './messages.js';
export { type ProcessInfo, type Protocol, parseProcNet, procAddress } from './proc.js';

/** `all`: every interface (0.0.0.0, ::); `loopback`: 127.0.0.0/8, ::1; `address`: one address. */
export type Scope = 'all' | 'loopback' | 'address';

export interface Listener {
  protocol: Protocol;
  address: string;
  port: number;
  scope: Scope;
  inode: number;
  /** Socket owner's uid, from the socket table (known even when the process is not). */
  uid: number;
  /** Processes holding the socket (several after a fork, e.g. nginx workers). */
  processes: ProcessInfo[];
  /** The allow-list rule that matched, when one was given. */
  allowedBy?: string;
}

export interface ListenersOptions {
  protocols?: readonly Protocol[];
  allow?: { file: string; rules: readonly AllowRule[] };
  /** Where procfs is mounted (tests point it elsewhere). */
  procRoot?: string;
}

export interface ListenersResult {
  findings: Finding[];
  listeners: Listener[];
}

export function scopeOf(address: string): Scope {
  if (address === '0.0.0.0' || address === '::') return 'all';
  if (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address)) return 'loopback';
  return 'address';
}

/** `tcp/22 sshd`: an allow-list line that would admit this listener. */
function ruleFor(l: Listener): string {
  const proto = l.protocol.startsWith('tcp') ? 'tcp' : 'udp';
  const addr = l.scope === 'all' ? '' : `${l.address.includes(':') ? `[${l.address}]` : l.address}:`;
  return `${proto}/${addr}${l.port} ${l.processes[0]?.name ?? '*'}`;
}

export function listListeners(o: ListenersOptions = {}): ListenersResult {
  const root = o.procRoot ?? '/proc';
  const sockets = readSockets(o.protocols ?? ['tcp', 'tcp6', 'udp', 'udp6'], root);
  const owners = socketOwners(new Set(sockets.map((s) => s.inode)), root);
  const listeners: Listener[] = sockets
    .map((s) => ({ ...s, scope: scopeOf(s.address), processes: owners.get(s.inode) ?? [] }))
    .sort(
      (a, b) =>
        a.protocol.localeCompare(b.protocol) ||
        a.port - b.port ||
        a.address.localeCompare(b.address) ||
        a.inode - b.inode,
    );
  const findings: Finding[] = [];
  const exposed = listeners.filter((l) => l.scope !== 'loopback');
  findings.push(
    finding('listeners.summary', 'info', {
      count: listeners.length,
      exposed: exposed.length,
      loopback: listeners.length - exposed.length,
    }),
  );
  const unknown = listeners.filter((l) => l.processes.length === 0).length;
  if (unknown > 0) findings.push(finding('listeners.owner-unknown', 'info', { count: unknown }));
  const label = (l: Listener) => ({
    protocol: l.protocol.toUpperCase(),
    address: l.address,
    port: l.port,
    program: l.processes.map((p) => p.name).join(', ') || '?',
  });
  if (o.allow) {
    let unexpected = 0;
    for (const l of listeners) {
      const rule = allowedBy(o.allow.rules, l);
      if (rule) {
        l.allowedBy = `${o.allow.file}:${rule.line}`;
        continue;
      }
      unexpected++;
      const p = l.processes[0];
      findings.push(
        finding(
          'listeners.unexpected',
          'warn',
          {
            ...label(l),
            pid: p?.pid ?? '?',
            user: p?.user ?? String(l.uid),
            cmdline: p?.cmdline ?? '?',
            rule: ruleFor(l),
            file: o.allow.file,
          },
          { listener: l },
        ),
      );
    }
    if (unexpected === 0)
      findings.push(finding('listeners.allowed', 'ok', { file: o.allow.file, count: listeners.length }));
  } else {
    for (const l of exposed) {
      findings.push(
        finding(
          'listeners.exposed',
          'info',
          {
            ...label(l),
            scope: l.scope === 'all' ? { en: 'all interfaces', ja: '全インターフェース' } : l.address,
          },
          { pids: l.processes.map((p) => p.pid) },
        ),
      );
    }
  }
  return { findings, listeners };
}
