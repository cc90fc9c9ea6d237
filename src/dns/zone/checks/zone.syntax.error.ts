/** A line BIND cannot read: the zone does not load at all. */
import { fillError } from '../../../core/errors.js';
import type { ZoneCheck } from '../lint/check.js';
import { report } from '../lint/check.js';

const meta = {
  id: 'zone.syntax.error',
  severity: 'fail',
  messages: {
    en: {
      title: '{where}: {problem}',
      detail:
        'named refuses to load a zone with a line it cannot read, and keeps serving the old copy (or nothing).',
      fix: 'Correct line {where} and check again: netdoctor dns lint {file}',
    },
    ja: {
      title: '{where}: {problem}',
      detail: 'named は読めない行のあるゾーンを読み込まず、古い内容のまま (または何も) 応答し続けます。',
      fix: '{where} の行を直してから、もう一度確認してください: netdoctor dns lint {file}',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    view.zone.errors.map((e) =>
      report(
        meta,
        e,
        {
          problem: e.text
            ? { en: fillError(e.text.en, e.params, 'en'), ja: fillError(e.text.ja, e.params, 'ja') }
            : e.message,
          file: e.file,
        },
        { bindRefuses: true, problem: e.message },
      ),
    ),
};
