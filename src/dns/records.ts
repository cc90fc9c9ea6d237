/**
 * DNS records as netdoctor shows them: typed data plus the presentation text an admin would type
 * into a zone file, with the TTL the server gave.
 */
import type * as packet from 'dns-packet';

export const LOOKUP_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'NS', 'SOA', 'PTR', 'CNAME', 'SRV', 'CAA'] as const;
export type LookupType = (typeof LOOKUP_TYPES)[number];

export type RecordData =
  | { type: 'A' | 'AAAA'; address: string }
  | { type: 'NS' | 'PTR' | 'CNAME'; target: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; strings: string[]; text: string }
  | {
      type: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'CAA'; flags: number; tag: string; value: string };

export interface DnsRecord {
  /** Owner name, lower-case, without the trailing dot. */
  name: string;
  type: LookupType;
  ttl: number;
  data: RecordData;
  /** Presentation form of the data, e.g. `10 mx1.example.org.` */
  text: string;
}

const fqdn = (n: string) => (n === '' ? '.' : `${n}.`);

function txtStrings(data: packet.TxtData): string[] {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8')));
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Converts one decoded answer to a netdoctor record, or undefined for a type we do not show. */
export function toRecord(a: packet.Answer): DnsRecord | undefined {
  const base = { name: a.name.toLowerCase(), ttl: 'ttl' in a ? (a.ttl ?? 0) : 0 };
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return { ...base, type: a.type, data: { type: a.type, address: a.data }, text: a.data };
    case 'NS':
    case 'PTR':
    case 'CNAME':
      return { ...base, type: a.type, data: { type: a.type, target: a.data }, text: fqdn(a.data) };
    case 'MX':
      return {
        ...base,
        type: 'MX',
        data: { type: 'MX', preference: a.data.preference ?? 0, exchange: a.data.exchange },
        text: `${a.data.preference ?? 0} ${fqdn(a.data.exchange)}`,
      };
    case 'TXT': {
      // RFC 7208 §3.3: the strings of one TXT record are joined with nothing between them.
      const strings = txtStrings(a.data);
      return {
        ...base,
        type: 'TXT',
        data: { type: 'TXT', strings, text: strings.join('') },
        text: strings.map(quote).join(' '),
      };
    }
    case 'SOA': {
      const d = a.data;
      const data = {
        type: 'SOA' as const,
        mname: d.mname,
        rname: d.rname,
        serial: d.serial ?? 0,
        refresh: d.refresh ?? 0,
        retry: d.retry ?? 0,
        expire: d.expire ?? 0,
        minimum: d.minimum ?? 0,
      };
      return {
        ...base,
        type: 'SOA',
        data,
        text: `${fqdn(d.mname)} ${fqdn(d.rname)} ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`,
      };
    }
    case 'SRV':
      return {
        ...base,
        type: 'SRV',
        data: {
          type: 'SRV',
          priority: a.data.priority ?? 0,
          weight: a.data.weight ?? 0,
          port: a.data.port,
          target: a.data.target,
        },
        text: `${a.data.priority ?? 0} ${a.data.weight ?? 0} ${a.data.port} ${fqdn(a.data.target)}`,
      };
    case 'CAA':
      return {
        ...base,
        type: 'CAA',
        data: { type: 'CAA', flags: a.data.flags ?? 0, tag: a.data.tag, value: a.data.value },
        text: `${a.data.flags ?? 0} ${a.data.tag} ${quote(a.data.value)}`,
      };
    default:
      return undefined;
  }
}
