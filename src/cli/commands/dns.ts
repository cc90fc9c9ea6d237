/** `netdoctor dns lookup|reverse`: the DNS capability on the command line. */
import { usageError } from '../../core/errors.js';
import {
  asciiName,
  type DnsRecord,
  LOOKUP_TYPES,
  type LookupType,
  lookup,
  reverseLookup,
  withUnicode,
} from '../../dns/index.js';
import type { Capability } from '../command.js';
import { table } from '../render/table.js';
import { listOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function lookupTypes(raw: string[]): LookupType[] {
  if (raw.length === 0) return ['A', 'AAAA'];
  return [...new Set(raw.map((t) => t.toUpperCase()))].map((t) => {
    if (!(LOOKUP_TYPES as readonly string[]).includes(t)) {
      throw usageError(`unknown record type "${t}" (one of ${LOOKUP_TYPES.join(', ')})`, '--type');
    }
    return t as LookupType;
  });
}

/** Record data naming a host (CNAME, MX, NS, PTR, SRV targets) shows its U-label alongside. */
function shownData(r: DnsRecord): string {
  return ['CNAME', 'MX', 'NS', 'PTR', 'SRV'].includes(r.type)
    ? r.text.replace(/\S*xn--\S*/gi, (n) => withUnicode(n))
    : r.text;
}

export const dnsCommand: Capability = {
  name: 'dns',
  summary: 'look up names and addresses; check reverse DNS (PTR, FCrDNS)',
  actions: [
    {
      name: 'lookup',
      summary: 'Show the records of a name, with TTLs, and what the answer means.',
      usage: 'netdoctor dns lookup <name> [--type TYPE]… [--server IP[:PORT]]',
      examples: [
        'netdoctor dns lookup example.org',
        'netdoctor dns lookup example.org --type MX --type TXT --server 1.1.1.1',
        'netdoctor dns lookup example.org --type A,AAAA,MX --json',
        'netdoctor dns lookup 例え.jp --type MX',
      ],
      options: {
        type: {
          type: 'string',
          short: 't',
          multiple: true,
          valueName: 'TYPE',
          description: `record type: ${LOOKUP_TYPES.join(', ')}`,
          defaultText: 'A and AAAA',
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options }) {
        const types = lookupTypes(listOption(options, 'type'));
        const name = asciiName(args[0] as string);
        const resolver = resolverFrom(options);
        const result = await lookup(resolver, name, types);
        const rows: string[][] = [];
        for (const a of result.answers) {
          for (const r of [...a.cnames, ...a.records])
            rows.push([withUnicode(r.name), String(r.ttl), r.type, shownData(r)]);
        }
        const seen = new Set<string>();
        const unique = rows.filter((r) => !seen.has(r.join(' ')) && seen.add(r.join(' ')));
        return {
          findings: result.findings,
          data: {
            name: result.name,
            ...(result.unicode ? { unicode: result.unicode } : {}),
            answers: result.answers,
          },
          text: unique.length ? table(unique, { header: ['NAME', 'TTL', 'TYPE', 'DATA'], right: [1] }) : '',
        };
      },
    },
    {
      name: 'reverse',
      summary: 'Find the PTR name(s) of an IPv4 or IPv6 address and check forward-confirmed reverse DNS.',
      usage: 'netdoctor dns reverse <ip> [--server IP[:PORT]]',
      description:
        'Each PTR name must resolve (A for IPv4, AAAA for IPv6) back to the same address: mail receivers\n' +
        'such as Gmail check this before they accept mail from the address.',
      examples: [
        'netdoctor dns reverse 192.0.2.25',
        'netdoctor dns reverse 2001:db8::25 --server 127.0.0.1:5353 --json',
      ],
      options: { ...RESOLVER_OPTIONS },
      positionals: { min: 1, max: 1 },
      async run({ args, options }) {
        const resolver = resolverFrom(options);
        const r = await reverseLookup(resolver, args[0] as string);
        const rows: string[][] = r.ptr.records.map((p) => [
          p.name,
          String(p.ttl),
          p.type,
          withUnicode(p.text),
        ]);
        for (const f of r.forward) {
          const shown = f.addresses.length ? f.addresses.join(', ') : `(${f.status})`;
          rows.push([withUnicode(f.name), '', f.rrtype, `${shown}${f.confirmed ? '  ✓' : '  ✗'}`]);
        }
        return {
          findings: r.findings,
          data: { ip: r.ip, arpa: r.arpa, ptr: r.names, forward: r.forward },
          text: rows.length ? table(rows, { header: ['NAME', 'TTL', 'TYPE', 'DATA'], right: [1] }) : '',
        };
      },
    },
  ],
};
