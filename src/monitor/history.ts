/** Opening the monitor's history: the SQLite store now; a PostgreSQL implementation later. */
import { type MonitorHistory, SqliteMonitorHistory } from '../store/monitor-history.js';

export function openMonitorHistory(file: string, options: { readOnly?: boolean } = {}): MonitorHistory {
  return new SqliteMonitorHistory(file, options);
}
