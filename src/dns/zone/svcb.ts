/**
 * SVCB/HTTPS service parameters (RFC 9460 §2.1, §7) in presentation form, as BIND 9.18 reads and
 * prints them: sorted by key number, `alpn` quoted with `\,` for a comma inside an id, hints as
 * comma lists, `ech` as base64, keys BIND 9.18 has no name for (dohpath = key7) as `keyNNNN="…"`.
 * Refused like BIND refuses: unknown names, repeated keys, empty alpn ids, a mandatory key that
 * is absent, parameters in AliasMode (priority 0).
 */
import { RdataError } from './rdata-error.js';
import { ZONE_SYNTAX as S } from './syntax-messages.js';

const NAMES: Readonly<Record<string, number>> = {
  mandatory: 0,
  alpn: 1,
  'no-default-alpn': 2,
  port: 3,
  ipv4hint: 4,
  ech: 5,
  ipv6hint: 6,
  dohpath: 7,
};
const PRINTED = new Map<number, string>([
  [0, 'mandatory'],
  [1, 'alpn'],
  [2, 'no-default-alpn'],
  [3, 'port'],
  [4, 'ipv4hint'],
  [5, 'ech'],
  [6, 'ipv6hint'],
]);

export interface SvcbToken {
  text: string;
  quoted: boolean;
}

function keyNumber(name: string): number {
  const k = NAMES[name.toLowerCase()];
  if (k !== undefined) return k;
  const m = /^key([0-9]{1,5})$/i.exec(name);
  if (m && Number(m[1]) <= 65535) return Number(m[1]);
  throw new RdataError(S.svcbUnknownKey, { key: name.slice(0, 40) });
}

/** Splits a decoded value on commas that are not escaped (`\,` keeps a comma inside an item). */
function commaList(value: string): string[] {
  const items: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      cur += value[i + 1];
      i++;
    } else if (c === ',') {
      items.push(cur);
      cur = '';
    } else cur += c;
  }
  items.push(cur);
  return items;
}

export interface SvcbHelpers {
  decodeString(text: string): string;
  quoteString(bytes: string): string;
  ipv4(text: string): string;
  ipv6(text: string): string;
  base64(text: string): string;
}

/** Canonical text of the parameters, given the priority (0 = AliasMode takes none). */
export function svcParams(tokens: SvcbToken[], priority: number, h: SvcbHelpers): string {
  const params = new Map<number, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as SvcbToken;
    const eq = t.text.indexOf('=');
    const name = eq < 0 ? t.text : t.text.slice(0, eq);
    let raw: string | undefined = eq < 0 ? undefined : t.text.slice(eq + 1);
    if (raw === '' && tokens[i + 1]?.quoted) raw = (tokens[++i] as SvcbToken).text;
    else if (raw?.startsWith('"') && raw.endsWith('"') && raw.length >= 2) raw = raw.slice(1, -1);
    const key = keyNumber(name);
    if (params.has(key)) throw new RdataError(S.svcbTwice, { key: name });
    const value = raw === undefined ? undefined : h.decodeString(raw);
    params.set(key, format(key, value, h));
  }
  if (priority === 0 && params.size) throw new RdataError(S.svcbAliasParams);
  const mandatory = params.get(0);
  if (mandatory !== undefined) {
    for (const name of mandatory.slice('mandatory='.length).split(',')) {
      if (!params.has(keyNumber(name))) throw new RdataError(S.svcbMandatoryMissing, { key: name });
    }
  }
  return [...params]
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v)
    .join(' ');
}

function format(key: number, value: string | undefined, h: SvcbHelpers): string {
  const need = () => {
    if (value === undefined || value === '')
      throw new RdataError(S.svcbNeedsValue, { key: PRINTED.get(key) ?? `key${key}` });
    return value;
  };
  switch (key) {
    case 0: {
      const keys = commaList(need()).map(keyNumber);
      if (keys.includes(0) || new Set(keys).size !== keys.length) throw new RdataError(S.svcbBadMandatory);
      return `mandatory=${keys
        .sort((a, b) => a - b)
        .map((k) => PRINTED.get(k) ?? `key${k}`)
        .join(',')}`;
    }
    case 1: {
      const ids = commaList(need());
      if (ids.some((x) => x === '')) throw new RdataError(S.svcbEmptyAlpn);
      return `alpn=${h.quoteString(ids.map((x) => x.replace(/[,\\]/g, '\\$&')).join(','))}`;
    }
    case 2:
      if (value !== undefined) throw new RdataError(S.svcbNoValue, { key: 'no-default-alpn' });
      return 'no-default-alpn';
    case 3: {
      const v = need();
      if (!/^[0-9]{1,5}$/.test(v) || Number(v) > 65535)
        throw new RdataError(S.svcbBadPort, { value: v.slice(0, 20) });
      return `port=${Number(v)}`;
    }
    case 4:
      return `ipv4hint=${commaList(need()).map(h.ipv4).join(',')}`;
    case 5:
      return `ech=${h.base64(need())}`;
    case 6:
      return `ipv6hint=${commaList(need()).map(h.ipv6).join(',')}`;
    default:
      return value === undefined || value === '' ? `key${key}` : `key${key}=${h.quoteString(value)}`;
  }
}
