/** The listeners capability's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const LISTENERS_ERRORS = defineErrors('listeners', {
  allowLine: {
    en: 'line {line}: {why} (expected e.g. "tcp/22 sshd")',
    ja: '{line} 行目: {why}（例: "tcp/22 sshd" の形で書いてください）',
  },
});
