/**
 * Listening sockets from /proc, the way `ss -ltnup` and `netstat -ltup` find them: the socket
 * tables in /proc/net/{tcp,tcp6,udp,udp6}, and the owner of each socket by matching its inode
 * with the `socket:[inode]` links under /proc/<pid>/fd.
 *
 * Hand-written: the npm packages for this shell out to `netstat`/`ss` and parse their text; the
 * kernel's tables are a stable, documented format (Documentation/networking/proc_net_tcp.rst).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type Protocol = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface SocketEntry {
  protocol: Protocol;
  address: string;
  port: number;
  inode: number;
  uid: number;
}

export interface ProcessInfo {
  pid: number;
  name: string;
  cmdline: string;
  uid: number;
  user: string;
}

/** TCP_LISTEN in the `st` column; UDP sockets have no listen state (bound and unconnected = 07). */
const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/** Kernel hex address (each 32-bit word in host byte order, little-endian here) → text. */
export function procAddress(hex: string): string {
  if (hex.length === 8) {
    const n = Number.parseInt(hex, 16);
    return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
  }
  const groups: string[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    const bytes = (word.match(/../g) ?? []).reverse().join('');
    groups.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  const full = groups.map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
  // Compress the longest run of zero groups (RFC 5952 §4.2.3).
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && full[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j > i ? j : i + 1;
  }
  if (best.start < 0) return full.join(':');
  const v4mapped = best.start === 0 && best.len === 5 && full[5] === 'ffff';
  if (v4mapped) {
    const b = groups.slice(6).join('');
    return `::ffff:${[0, 2, 4, 6].map((i) => Number.parseInt(b.slice(i, i + 2), 16)).join('.')}`;
  }
  return `${full.slice(0, best.start).join(':')}::${full.slice(best.start + best.len).join(':')}`;
}

/** Parses one /proc/net table; keeps listening TCP and bound, unconnected UDP sockets. */
export function parseProcNet(text: string, protocol: Protocol): SocketEntry[] {
  const out: SocketEntry[] = [];
  const udp = protocol.startsWith('udp');
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, state] = [f[1] as string, f[2] as string, f[3] as string];
    if (udp ? state !== UDP_UNCONNECTED : state !== TCP_LISTEN) continue;
    if (udp && !/^0+:0000$/.test(remote)) continue;
    const [addr, port] = local.split(':') as [string, string];
    out.push({
      protocol,
      address: procAddress(addr),
      port: Number.parseInt(port, 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

export function readSockets(protocols: readonly Protocol[], root = '/proc'): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const p of protocols) {
    let text: string;
    try {
      text = readFileSync(`${root}/net/${p}`, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel, for instance
    }
    out.push(...parseProcNet(text, p));
  }
  return out;
}

function userNames(): Map<number, string> {
  const names = new Map<number, string>();
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid !== undefined && !names.has(Number(uid))) names.set(Number(uid), name);
    }
  } catch {
    // no /etc/passwd: uids only
  }
  return names;
}

/**
 * Socket inode → the processes holding it. Processes whose fd folder we may not read (another
 * user's, without root) are skipped: their sockets show without an owner.
 */
export function socketOwners(inodes: ReadonlySet<number>, root = '/proc'): Map<number, ProcessInfo[]> {
  const owners = new Map<number, ProcessInfo[]>();
  const users = userNames();
  let pids: string[] = [];
  try {
    pids = readdirSync(root).filter((d) => /^\d+$/.test(d));
  } catch {
    return owners;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${root}/${pid}/fd`);
    } catch {
      continue;
    }
    let info: ProcessInfo | undefined;
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${root}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (!m || !inodes.has(Number(m[1]))) continue;
      info ??= processInfo(Number(pid), root, users);
      if (!info) break;
      const list = owners.get(Number(m[1])) ?? [];
      if (!list.some((p) => p.pid === info?.pid)) list.push(info);
      owners.set(Number(m[1]), list);
    }
  }
  return owners;
}

function processInfo(pid: number, root: string, users: Map<number, string>): ProcessInfo | undefined {
  try {
    const name = readFileSync(`${root}/${pid}/comm`, 'utf8').trim();
    const cmdline = readFileSync(`${root}/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').split('\0').join(' ');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`${root}/${pid}/status`, 'utf8'))?.[1] ?? -1);
    return { pid, name, cmdline: cmdline || `[${name}]`, uid, user: users.get(uid) ?? String(uid) };
  } catch {
    return undefined; // the process ended while we looked
  }
}
