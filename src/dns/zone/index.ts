/**
 * Zone files: the parser (RFC 1035 master files as BIND reads them), the record model, and the
 * writers (canonical, comparable with `named-compilezone -D`; pretty, for people) with the SOA
 * serial bump. Used by `netdoctor dns lint` and by the LAN inventory's zone generator.
 *
 * Hand-written: the npm zone-file parsers get BIND's rules wrong (a blank-owner line does not
 * inherit the owner, `1h30m` TTLs, TXT cut at a quoted `;`, `\DDD`, RFC 3597); see parse.ts.
 *
 * @example
 *   import { parseZoneFile, formatZone, bumpSerial } from './dns/zone/index.js';
 *   const zone = parseZoneFile('/etc/bind/db.example.org', { origin: 'example.org' });
 *   await writeFile('db.example.org.new', formatZone(bumpSerial(zone)));
 */
export type { Token } from './lexer.js';
export type { Zone, ZoneNote, ZoneRecord, ZoneRecordData, ZoneSyntaxIssue } from './model.js';
export { absoluteName, isSubdomain, NameError, nameKey, parseName, relativeName } from './name.js';
export { type ParseZoneOptions, parseZoneFile, parseZoneText, ZoneSyntaxError } from './parse.js';
export { decodeString, ipv6Text, parseRdata, quoteString, RdataError } from './rdata.js';
export { formatTtl, isTtl, parseTtl } from './ttl.js';
export { classCode, className, TYPE_CODES, typeCode, typeName } from './types.js';
export {
  bumpSerial,
  canonicalLine,
  canonicalLines,
  canonicalZoneText,
  compareNames,
  dateOfSerial,
  type FormatZoneOptions,
  formatZone,
  isDateSerial,
  loadedRecords,
  makeRecord,
  nextSerial,
  type RecordInput,
  rdataKey,
} from './write.js';
