/**
 * The journal / stderr: one line per notification on a stream the daemon hands over (under
 * systemd, stderr goes to the journal; `<3>`/`<4>`/`<6>` prefixes set the priority).
 */
import type { Notifier } from './types.js';

let sink: (line: string) => void = () => {};

/** The daemon's caller (the CLI) says where log lines go. */
export function setLogSink(write: (line: string) => void): void {
  sink = write;
}

export const logNotifier: Notifier = {
  type: 'log',
  validate: () => undefined,
  send(n, s) {
    const priority = n.event === 'down' ? 3 : n.event === 'up' ? 6 : 4;
    const prefix = s.journal === false ? '' : `<${priority}>`;
    sink(`${prefix}${n.title}${n.fix ? ` — ${n.fix}` : ''}`.replace(/[\r\n]+/g, ' '));
    return Promise.resolve();
  },
};
