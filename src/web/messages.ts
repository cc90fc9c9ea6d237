/** The dashboard's own findings, in English and Japanese (the overview's line per monitor check). */
import { defineMessages } from '../core/i18n.js';

export const webMessages = defineMessages({
  'web.monitor.check': {
    en: {
      title: 'Check {check}: {state} ({finding})',
      detail: 'The latest stored result of this monitor check; the Monitor page has its history.',
    },
    ja: {
      title: 'チェック {check}: {state}（{finding}）',
      detail: 'この監視チェックの保存済みの最新結果です。履歴は「監視」ページにあります。',
    },
  },
});
