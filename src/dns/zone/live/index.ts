/**
 * The live zone checks, the public API the CLI loads on use (`dns lint --server`, `dns check`):
 * a zone file compared with the servers that serve it, and a domain's delegation from its parent.
 */
export {
  type CompareOptions,
  compareZonesWithServer,
  type LiveZone,
  type SecondaryState,
  serialOlder,
} from './compare.js';
export {
  type CheckDomainOptions,
  checkDomain,
  type DomainCheck,
  type NameServerState,
} from './delegation.js';
