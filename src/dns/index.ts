/** The DNS capability's public API: one resolver for all of netdoctor, lookups and reverse DNS. */
export { asciiName, isInternationalised, unicodeName, withUnicode } from './idn.js';
export { arpaName, canonicalAddress, expandIPv6, sameAddress } from './ip.js';
export { answerFindings, type LookupResult, lookup } from './lookup.js';
export { dnsMessages } from './messages.js';
export { type DnsRecord, LOOKUP_TYPES, type LookupType, type RecordData } from './records.js';
export {
  type AnswerStatus,
  type DnsAnswer,
  formatServer,
  parseServer,
  RESOLVER_DEFAULTS,
  Resolver,
  type ResolverOptions,
} from './resolver.js';
export { type ForwardCheck, type ReverseResult, reverseLookup } from './reverse.js';
