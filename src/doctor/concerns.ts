/** What each concern of a report is called, in English and Japanese. */
import type { Lang } from '../core/i18n.js';
import type { Concern } from './types.js';

const NAMES: Record<Concern, { en: string; ja: string }> = {
  dns: { en: 'DNS delegation and name servers', ja: 'DNS の委任とネームサーバー' },
  mail: { en: 'Mail (MX, SPF, DKIM, DMARC, SMTP)', ja: 'メール（MX・SPF・DKIM・DMARC・SMTP）' },
  exposure: { en: 'Exposure of the hosts', ja: 'ホストの公開状況' },
  tls: { en: 'TLS certificates', ja: 'TLS 証明書' },
  dmarc: { en: 'DMARC history', ja: 'DMARC の履歴' },
  monitor: { en: 'Monitor', ja: '監視' },
};

export type ConcernName = { en: string; ja: string };

/** The concern's name in `lang`, or in both languages (a finding parameter) without one. */
export function concernName(c: Concern): ConcernName;
export function concernName(c: Concern, lang: Lang): string;
export function concernName(c: Concern, lang?: Lang): string | ConcernName {
  return lang === undefined ? NAMES[c] : NAMES[c][lang];
}
