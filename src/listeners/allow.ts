/**
 * The allow-list: what may listen on this machine. One rule per line, `#` starts a comment:
 *
 *   tcp/22          sshd        # SSH, any address
 *   tcp/25          master      # Postfix
 *   udp/53          named
 *   tcp/127.0.0.1:5432 postgres # only on loopback
 *   tcp/8000-8100   *           # any program
 *   udp/*           chronyd     # any UDP port
 *
 * `tcp` covers IPv4 and IPv6 (`tcp4`/`tcp6` for one of them); the address is optional (an IPv6
 * address in brackets: `tcp/[::1]:631`); the program is the process name (`comm`, as `ps` shows
 * it) or `*`, and may be left out.
 */
import { both, type LocalParam, NetdoctorError } from '../core/errors.js';
import { LISTENERS_ERRORS } from './error-messages.js';
import type { Protocol } from './proc.js';

export interface AllowRule {
  line: number;
  text: string;
  protocols: Protocol[];
  address?: string;
  portFrom: number;
  portTo: number;
  program?: string;
}

const PROTOCOLS: Record<string, Protocol[]> = {
  tcp: ['tcp', 'tcp6'],
  tcp4: ['tcp'],
  tcp6: ['tcp6'],
  udp: ['udp', 'udp6'],
  udp4: ['udp'],
  udp6: ['udp6'],
  '*': ['tcp', 'tcp6', 'udp', 'udp6'],
};

export function parseAllowList(text: string, file: string): AllowRule[] {
  const rules: AllowRule[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const bad = (why: LocalParam) =>
      new NetdoctorError('ND_INPUT_FORMAT', LISTENERS_ERRORS.allowLine, {
        input: file,
        params: { line: i + 1, why },
      });
    const [sock, program, extra] = line.split(/\s+/);
    if (extra !== undefined) throw bad(both(`unexpected "${extra}"`, `余分な「${extra}」があります`));
    const m = /^(tcp[46]?|udp[46]?|\*)\/(?:(\[[0-9a-f:.]+\]|[0-9.]+|\*):)?(\*|\d{1,5}(?:-\d{1,5})?)$/i.exec(
      sock ?? '',
    );
    if (!m)
      throw bad(
        both(
          `"${sock}" is not protocol/[address:]port`,
          `「${sock}」は プロトコル/[アドレス:]ポート の形ではありません`,
        ),
      );
    const [from, to] = m[3] === '*' ? [1, 65535] : (m[3] as string).split('-').map(Number);
    const portFrom = from as number;
    const portTo = to ?? portFrom;
    if (portFrom < 0 || portTo > 65535 || portFrom > portTo)
      throw bad(both(`port ${m[3]} is out of range`, `ポート ${m[3]} は範囲外です`));
    const rule: AllowRule = {
      line: i + 1,
      text: line,
      protocols: PROTOCOLS[(m[1] as string).toLowerCase()] as Protocol[],
      portFrom,
      portTo,
    };
    const address = m[2]?.replace(/^\[|\]$/g, '');
    if (address && address !== '*') rule.address = address.toLowerCase();
    if (program && program !== '*') rule.program = program;
    rules.push(rule);
  });
  return rules;
}

export interface Matchable {
  protocol: Protocol;
  address: string;
  port: number;
  processes: { name: string }[];
}

export function allowedBy(rules: readonly AllowRule[], l: Matchable): AllowRule | undefined {
  return rules.find(
    (r) =>
      r.protocols.includes(l.protocol) &&
      l.port >= r.portFrom &&
      l.port <= r.portTo &&
      (r.address === undefined || r.address === l.address) &&
      (r.program === undefined || l.processes.some((p) => p.name === r.program)),
  );
}
