/**
 * Durations as people write them: `1m15s` for English readers (the compact form admins know from
 * logs), `1 分 15 秒` for Japanese readers. Under a minute, fractions are kept to the millisecond
 * (`2.5 秒`); longer durations are whole seconds. A negative duration keeps its sign.
 *
 * @example
 *   durationText(323, 'ja'); // '5 分 23 秒'
 *   localDuration(75);       // { en: '1m15s', ja: '1 分 15 秒' }, a finding parameter in both languages
 */
import type { Lang } from './i18n.js';

export function durationText(seconds: number, lang: Lang): string {
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  if (abs < 60 && !Number.isInteger(abs)) {
    const short = Number(abs.toFixed(3));
    return lang === 'ja' ? `${sign}${short} 秒` : `${sign}${short}s`;
  }
  let s = Math.round(abs);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const showSeconds = s > 0 || (!d && !h && !m);
  if (lang === 'ja') {
    const parts = [
      d ? `${d} 日` : '',
      h ? `${h} 時間` : '',
      m ? `${m} 分` : '',
      showSeconds ? `${s} 秒` : '',
    ];
    return sign + parts.filter(Boolean).join(' ');
  }
  return sign + [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', showSeconds ? `${s}s` : ''].join('');
}

/** The duration in both languages, for a finding's parameters. */
export function localDuration(seconds: number): { en: string; ja: string } {
  return { en: durationText(seconds, 'en'), ja: durationText(seconds, 'ja') };
}
