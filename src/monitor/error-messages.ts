/** The monitor's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const MONITOR_ERRORS = defineErrors('monitor', {
  unknownKind: {
    en: 'unknown check kind (known: {known})',
    ja: '不明なチェックの種類です（使える種類: {known}）',
  },
  badTarget: {
    en: 'not a target for a {kind} check: {why}',
    ja: '{kind} チェックの対象として使えません: {why}',
  },
  badOption: {
    en: 'invalid value {value}: {why}',
    ja: '値 {value} は使えません: {why}',
  },
  configUnreadable: {
    en: 'cannot read the monitor configuration: {why}',
    ja: '監視設定を読めません: {why}',
  },
  configInvalid: {
    en: 'invalid monitor configuration at {where}: {why}',
    ja: '監視設定の {where} が不正です: {why}',
  },
  notifierStatus: {
    en: 'the receiver answered HTTP {status}',
    ja: '受信側が HTTP {status} を返しました',
  },
  pingMissing: {
    en: 'the system ping program was not found (install iputils-ping)',
    ja: 'システムの ping コマンドが見つかりません（iputils-ping をインストールしてください）',
  },
});
