/**
 * Slack incoming webhook: `{ text, blocks }` as Slack's Block Kit documents it (a header-like
 * first line, then the detail and fix as a section). Mattermost and Rocket.Chat take the same.
 */
import { postJson, urlProblem } from './post-json.js';
import type { Notifier } from './types.js';

export const slackNotifier: Notifier = {
  type: 'slack',
  validate: (s) => urlProblem(s.url),
  send(n, s, signal) {
    const lines = [n.detail, n.fix ? `→ ${n.fix}` : undefined].filter(Boolean).join('\n');
    return postJson(
      String(s.url),
      {
        text: n.title,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${n.title}*` } },
          ...(lines ? [{ type: 'section', text: { type: 'mrkdwn', text: lines } }] : []),
          { type: 'context', elements: [{ type: 'mrkdwn', text: `${n.kind} ${n.target} · ${n.at}` }] },
        ],
      },
      signal,
    );
  },
};
