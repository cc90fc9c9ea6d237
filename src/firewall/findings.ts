/**
 * The firewall log's findings, each with the change that fixes it and how many bytes of log per
 * day that change saves (from the log's own counts: lines × their length ÷ days covered).
 */
import { gzipSync } from 'node:zlib';
import type { Finding } from '../core/findings.js';
import { finding } from '../core/findings.js';
import { type InputReport, inputFindings } from '../logs/index.js';
import type { FirewallSummary } from './summary.js';

export interface FindingOptions {
  /** A (source, port) pair is "hammering" from this many packets a day (default 1000). */
  hammerPerDay: number;
  /** The log is "too big" from this many bytes a day (default 50 MiB). */
  volumePerDay: number;
  /** The `limit` rate proposed, per minute (default 10), and its burst (20). */
  limitPerMinute: number;
  limitBurst: number;
  maxLineBytes: number;
  /** Up to how many sources are named per finding kind (default 5). */
  maxNamed: number;
}

/** Bytes for a person: `812 B`, `12.3 KB`, `4.5 MB`, `1.2 GB` (decimal units, as df -H). */
export function humanBytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

function blockCommands(source: string): string {
  const v6 = source.includes(':');
  return [
    `firewall-cmd --permanent --zone=drop --add-source=${source} && firewall-cmd --reload`,
    `nft insert rule inet filter input ${v6 ? 'ip6' : 'ip'} saddr ${source} drop`,
    `${v6 ? 'ip6tables' : 'iptables'} -I INPUT -s ${source} -j DROP`,
  ].join(' | ');
}

/** The compressed share of the sample (0..1), as gzip -6 (logrotate's compress) leaves it. */
export function compressionRatio(sample: readonly Buffer[]): number {
  const raw = Buffer.concat(sample as Buffer[]);
  if (raw.length < 4096) return 0.1;
  return gzipSync(raw, { level: 6 }).length / raw.length;
}

export function firewallFindings(
  s: FirewallSummary,
  inputs: readonly InputReport[],
  sample: readonly Buffer[],
  o: FindingOptions,
): Finding[] {
  const out: Finding[] = inputFindings('firewall', inputs, o.maxLineBytes);
  if (s.packets === 0) {
    out.push(finding('firewall.no-packets', 'warn', { lines: s.lines.total }));
    if (s.lines.unparsed > 0) out.push(finding('firewall.unparsed', 'info', { count: s.lines.unparsed }));
    return out;
  }
  const perDay = (bytes: number) => bytes / s.days;
  const share = (n: number) => Math.round((n / s.packets) * 1000) / 10;
  const hammering = s.pairs.filter((p) => p.packets / s.days >= o.hammerPerDay).slice(0, o.maxNamed);
  for (const p of hammering)
    out.push(
      finding(
        'firewall.hammering',
        'warn',
        {
          source: p.source,
          port: p.service ? `${p.port} (${p.service})` : p.port,
          packets: p.packets,
          share: share(p.packets),
          saves: humanBytes(perDay(p.logBytes)),
          commands: blockCommands(p.source),
        },
        { ...p, logBytesPerDay: Math.round(perDay(p.logBytes)) },
      ),
    );
  const named = new Set(hammering.map((p) => p.source));
  for (const sc of s.scanners.filter((x) => !named.has(x.source)).slice(0, o.maxNamed))
    out.push(
      finding(
        'firewall.scanner',
        'warn',
        {
          source: sc.source,
          ports: sc.ports,
          packets: sc.packets,
          saves: humanBytes(perDay(sc.logBytes)),
          commands: blockCommands(sc.source),
        },
        { ...sc, logBytesPerDay: Math.round(perDay(sc.logBytes)) },
      ),
    );
  if (s.logBytesPerDay >= o.volumePerDay) {
    // A limit on each logging rule caps its lines a day at rate × 1440 + burst.
    const cap = o.limitPerMinute * 1440 + o.limitBurst;
    let saved = 0;
    for (const p of s.prefixes) {
      const linesPerDay = p.packets / s.days;
      if (linesPerDay > cap) saved += (linesPerDay - cap) * (p.logBytes / p.packets);
    }
    const top = s.prefixes[0];
    out.push(
      finding(
        'firewall.log-volume',
        'warn',
        {
          perDay: humanBytes(s.logBytesPerDay),
          linesPerDay: Math.round(s.packets / s.days),
          prefix: top?.prefix.trim() || '-',
          rate: o.limitPerMinute,
          burst: o.limitBurst,
          saves: humanBytes(saved),
        },
        { logBytesPerDay: s.logBytesPerDay, limitSavesPerDay: Math.round(saved), cap },
      ),
    );
    const ratio = compressionRatio(sample);
    out.push(
      finding(
        'firewall.logrotate',
        'info',
        {
          perDay: humanBytes(s.logBytesPerDay),
          percent: Math.round(ratio * 1000) / 10,
          saves: humanBytes(s.logBytesPerDay * (1 - ratio)),
          held: humanBytes(s.logBytesPerDay * (1 + 6 * ratio)),
        },
        { compressedShare: ratio, logBytesPerDay: s.logBytesPerDay },
      ),
    );
  }
  const fwdNonUnicast = s.prefixes.filter((p) => p.source === 'firewalld' && p.nonUnicast > 0);
  const nuBytes = fwdNonUnicast.reduce((n, p) => n + p.nonUnicastBytes, 0);
  const nuPackets = fwdNonUnicast.reduce((n, p) => n + p.nonUnicast, 0);
  if (nuPackets > 0)
    out.push(
      finding(
        'firewall.log-denied.non-unicast',
        nuBytes / s.logBytes >= 0.1 ? 'warn' : 'info',
        { packets: nuPackets, share: share(nuPackets), saves: humanBytes(perDay(nuBytes)) },
        { packets: nuPackets, logBytesPerDay: Math.round(perDay(nuBytes)) },
      ),
    );
  const ufw = s.prefixes.filter((p) => p.source === 'ufw').reduce((n, p) => n + p.packets, 0);
  if (ufw > 0) out.push(finding('firewall.ufw.sampled', 'info', { packets: ufw }));
  if (s.overflow > 0) out.push(finding('firewall.overflow', 'info', { packets: s.overflow }));
  if (s.lines.unparsed > 0) out.push(finding('firewall.unparsed', 'info', { count: s.lines.unparsed }));
  return out;
}
