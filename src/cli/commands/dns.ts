/** `netdoctor dns lookup|reverse`: the DNS capability on the command line. */
import { usageError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
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

/** Record data naming a host (CNAME, MX, NS, PTR, SRV targets) shows its U-label alongside. */
function shownData(r: DnsRecord): string {
  return ['CNAME', 'MX', 'NS', 'PTR', 'SRV'].includes(r.type)
    ? r.text.replace(/\S*xn--\S*/gi, (n) => withUnicode(n))
    : r.text;
}

const recordHeader = (lang: Lang) =>
  lang === 'ja' ? ['名前', 'TTL', 'タイプ', 'データ'] : ['NAME', 'TTL', 'TYPE', 'DATA'];

/** An answer status as a person reads it (the RCODE names stay: admins search for them). */
function statusWord(status: string, lang: Lang): string {
  if (lang !== 'ja') return status;
  const ja: Record<string, string> = {
    nxdomain: 'NXDOMAIN: 名前なし',
    nodata: 'NODATA: レコードなし',
    servfail: 'SERVFAIL: サーバー障害',
    refused: 'REFUSED: 拒否',
    error: 'エラー',
    unreachable: '応答なし',
  };
  return ja[status] ?? status;
}

export const dnsCommand: Capability = {
  name: 'dns',
  summary: tx(
    'look up names and addresses; check reverse DNS (PTR, FCrDNS)',
    '名前とアドレスを引く。逆引き（PTR、FCrDNS）を確認する',
  ),
  actions: [
    {
      name: 'lookup',
      summary: tx(
        'Show the records of a name, with TTLs, and what the answer means.',
        '名前のレコードを TTL 付きで表示し、応答の意味を説明します。',
      ),
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
          description: tx(
            `record type: ${LOOKUP_TYPES.join(', ')}`,
            `レコードタイプ: ${LOOKUP_TYPES.join(', ')}`,
          ),
          defaultText: tx('A and AAAA', 'A と AAAA'),
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang }) {
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
          text: unique.length ? table(unique, { header: recordHeader(lang), right: [1] }) : '',
        };
      },
    },
    {
      name: 'reverse',
      summary: tx(
        'Find the PTR name(s) of an IPv4 or IPv6 address and check forward-confirmed reverse DNS.',
        'IPv4 / IPv6 アドレスの PTR 名を調べ、正引きとの一致（FCrDNS）を確認します。',
      ),
      usage: 'netdoctor dns reverse <ip> [--server IP[:PORT]]',
      description: tx(
        'Each PTR name must resolve (A for IPv4, AAAA for IPv6) back to the same address: mail receivers\n' +
          'such as Gmail check this before they accept mail from the address.',
        'PTR 名を正引き（IPv4 なら A、IPv6 なら AAAA）すると元のアドレスに戻る必要があります。\n' +
          'Gmail などの受信側は、そのアドレスからのメールを受け取る前にこれを確認します。',
      ),
      examples: [
        'netdoctor dns reverse 192.0.2.25',
        'netdoctor dns reverse 2001:db8::25 --server 127.0.0.1:5353 --json',
      ],
      options: { ...RESOLVER_OPTIONS },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang }) {
        const resolver = resolverFrom(options);
        const r = await reverseLookup(resolver, args[0] as string);
        const rows: string[][] = r.ptr.records.map((p) => [
          p.name,
          String(p.ttl),
          p.type,
          withUnicode(p.text),
        ]);
        for (const f of r.forward) {
          const shown = f.addresses.length ? f.addresses.join(', ') : `(${statusWord(f.status, lang)})`;
          rows.push([withUnicode(f.name), '', f.rrtype, `${shown}${f.confirmed ? '  ✓' : '  ✗'}`]);
        }
        return {
          findings: r.findings,
          data: { ip: r.ip, arpa: r.arpa, ptr: r.names, forward: r.forward },
          text: rows.length ? table(rows, { header: recordHeader(lang), right: [1] }) : '',
        };
      },
    },
  ],
};
