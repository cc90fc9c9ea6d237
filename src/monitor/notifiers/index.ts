/** The notifier types, one line each, sorted (`registry.test.ts` compares this list with the folder). */
import { execNotifier } from './exec.js';
import { logNotifier } from './log.js';
import { mailNotifier } from './mail.js';
import { slackNotifier } from './slack.js';
import type { Notifier } from './types.js';
import { webhookNotifier } from './webhook.js';

export const NOTIFIERS: readonly Notifier[] = [
  execNotifier,
  logNotifier,
  mailNotifier,
  slackNotifier,
  webhookNotifier,
];

/** Files in this folder that are not notifier types. */
export const NOTIFIER_HELPERS = ['index', 'post-json', 'types'] as const;
