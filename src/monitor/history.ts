/** Opening the monitor's history: the embedded SQLite store, or PostgreSQL for a `postgres://` URL. */
export { openMonitorHistory } from '../store/index.js';
