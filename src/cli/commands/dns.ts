/** `netdoctor dns lookup|reverse`: the DNS capability on the command line. */
import { usageError } from '../../core/errors.js';
import { LOOKUP_TYPES, type LookupType, lookup, reverseLookup } from '../../dns/index.js';
import type { Capability } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { table } from '../render/table.js';
import { listOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

function lookupTypes(raw: string[]): LookupType[] {
  if (raw.length === 0) return ['A', 'AAAA'];
  return [...new Set(raw.map((t) => t.toUpperCase()))].map((t) => {
    if (!(LOOKUP_TYPES as readonly string[]).includes(t)) {
      throw usageError(CLI_ERRORS.unknownRecordType, '--type', { type: t, types: LOOKUP_TYPES.join(', ') });
    }
    return t as LookupType;
  });
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
        const resolver = resolverFrom(options);
        const result = await lookup(resolver, args[0] as string, types);
        const rows: string[][] = [];
        for (const a of result.answers) {
          for (const r of [...a.cnames, ...a.records]) rows.push([r.name, String(r.ttl), r.type, r.text]);
        }
        const seen = new Set<string>();
        const unique = rows.filter((r) => !seen.has(r.join(' ')) && seen.add(r.join(' ')));
        return {
          findings: result.findings,
          data: { name: result.name, answers: result.answers },
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
        const rows: string[][] = r.ptr.records.map((p) => [p.name, String(p.ttl), p.type, p.text]);
        for (const f of r.forward) {
          const shown = f.addresses.length ? f.addresses.join(', ') : `(${f.status})`;
          rows.push([f.name, '', f.rrtype, `${shown}${f.confirmed ? '  ✓' : '  ✗'}`]);
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
