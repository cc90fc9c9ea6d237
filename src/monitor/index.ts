/** The monitor capability's public API: checks by kind, the plugin output, the daemon, history. */
export { CHECK_HELPERS, CHECK_KINDS } from './checks/index.js';
export { MONITOR_ERRORS } from './error-messages.js';
export { monitorMessages } from './messages.js';
export { nagiosExit, nagiosLine, perfData } from './nagios.js';
export { type CheckResult, checkKind, runCheck, validateCheck } from './run-check.js';
export type { CheckKind, CheckOptions, CheckOutcome, CheckState, PerfValue } from './types.js';
export { STATE_EXIT } from './types.js';
