/**
 * netdoctor as a library: each capability's typed API, the findings contract and the catalog.
 * The CLI (and later the dashboard) import only these.
 */

export * from './capture/filter/index.js';
export * from './capture/index.js';
export { catalog } from './catalog.js';
export * from './core/errors.js';
export * from './core/findings.js';
export * from './core/i18n.js';
export * as dmarc from './dmarc/index.js';
export * from './dns/index.js';
export * as listeners from './listeners/index.js';
export * as mailAuth from './mail/auth/index.js';
export * as mailAudit from './mail/index.js';
export * as mailTrace from './mail/trace/index.js';
export * as scan from './scan/index.js';
