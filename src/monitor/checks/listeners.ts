/** `listeners`: this machine's listening sockets against an allow-list (target: the allow-list file). */
import { readFileSync } from 'node:fs';
import { both, NetdoctorError } from '../../core/errors.js';
import { parseAllowList } from '../../listeners/allow.js';
import { MONITOR_ERRORS } from '../error-messages.js';
import type { CheckKind, CheckOptions } from '../types.js';
import { verdictOutcome } from './verdict.js';

function allowText(target: string, o: CheckOptions): string {
  if (o.allowText !== undefined) return o.allowText;
  try {
    return readFileSync(target, 'utf8');
  } catch (e) {
    throw new NetdoctorError('ND_INPUT_UNREADABLE', MONITOR_ERRORS.badTarget, {
      input: target,
      params: { kind: 'listeners', why: both(String((e as Error).message), String((e as Error).message)) },
    });
  }
}

export const listenersCheck: CheckKind = {
  kind: 'listeners',
  label: 'LISTENERS',
  validate: (target, o) => void parseAllowList(allowText(target, o), target),
  async run(target, o) {
    const rules = parseAllowList(allowText(target, o), target);
    const { listListeners } = await import('../../listeners/index.js');
    const r = listListeners({ allow: { file: target, rules } });
    return verdictOutcome(
      target,
      r.findings.filter((f) => f.id !== 'listeners.exposed'),
      { count: r.listeners.length },
    );
  },
};
