/**
 * Loaded into every test process by scripts/run-tests.mjs (`--import`). Network rule: tests talk
 * only to loopback. Library code given no DNS server asks the system's resolvers (it reads no
 * environment; the CLI's default comes from NETDOCTOR_DNS_SERVER); in a test process the system's
 * resolvers are the guard address run-tests.mjs sets (a loopback port where nothing listens), so a
 * test that forgets its server fails at once instead of sending DNS off this host.
 */
import dns from 'node:dns';

const guard = (process.env.NETDOCTOR_DNS_SERVER || '127.0.0.1:1').split(',')[0]?.trim() || '127.0.0.1:1';
dns.setServers([guard]);
