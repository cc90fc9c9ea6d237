/** A generic JSON webhook: the notification as one JSON document (see `Notification`). */
import { postJson, urlProblem } from './post-json.js';
import type { Notifier } from './types.js';

export const webhookNotifier: Notifier = {
  type: 'webhook',
  validate: (s) => urlProblem(s.url),
  send: (n, s, signal) => postJson(String(s.url), n, signal),
};
