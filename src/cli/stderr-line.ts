/**
 * One line of a daemon's log on stderr (under systemd, the journal). Check and notifier names,
 * titles and peers' answers come from files and the network, so control characters are shown
 * escaped, never obeyed by the terminal that follows the log. A module of its own, light to load:
 * `monitor run` loads only what it runs.
 */
import { terminalSafe } from './render/escape.js';

export function stderrLine(line: string): void {
  process.stderr.write(`${terminalSafe(line)}\n`);
}
