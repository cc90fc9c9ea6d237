/** The monitor capability's public API: checks by kind, the plugin output, the daemon, history. */

export {
  type MonitorHistory,
  type MonitorResultRow,
  RETENTION_DEFAULTS,
  type Retention,
  type RollupRow,
} from '../store/monitor-history.js';
export { historyChart } from './chart.js';
export { CHECK_HELPERS, CHECK_KINDS } from './checks/index.js';
export { type CheckConfig, type MonitorConfig, parseMonitorConfig } from './config.js';
export { type Describe, Monitor, type MonitorOptions } from './daemon.js';
export { MONITOR_ERRORS } from './error-messages.js';
export { openMonitorHistory } from './history.js';
export { monitorMessages } from './messages.js';
export { nagiosExit, nagiosLine, perfData } from './nagios.js';
export { NOTIFIER_HELPERS, NOTIFIERS } from './notifiers/index.js';
export type { Notification } from './notifiers/types.js';
export { type CheckResult, checkKind, runCheck, validateCheck } from './run-check.js';
export { type CheckMemory, freshMemory, observe } from './state.js';
export {
  type Availability,
  type AvailabilityReport,
  type CheckStatusRow,
  monitorAvailability,
  monitorNotifications,
  monitorStatus,
  periodFor,
} from './summary.js';
export type { CheckKind, CheckOptions, CheckOutcome, CheckState, PerfValue } from './types.js';
export { STATE_EXIT } from './types.js';
