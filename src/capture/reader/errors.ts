/** Capture errors: one line naming the input, with the byte offset where the problem is. */
import { both, defineErrors, type LocalParam, NetdoctorError } from '../../core/errors.js';

export const CAPTURE_READ_ERRORS = defineErrors('capture', {
  truncated: { en: 'capture ends in the middle of {what}', ja: 'キャプチャが{what}の途中で終わっています' },
  corrupt: { en: 'capture is corrupt: {problem}', ja: 'キャプチャが壊れています: {problem}' },
  notCapture: {
    en: 'not a pcap or pcapng capture (it starts with {head})',
    ja: 'pcap / pcapng 形式のキャプチャではありません（先頭のバイト: {head}）',
  },
  empty: { en: 'empty input: not a capture', ja: '入力が空です（キャプチャではありません）' },
  noFileHeader: {
    en: 'capture ends before its file header',
    ja: 'キャプチャがファイルヘッダーの前で終わっています',
  },
  gzipCut: {
    en: 'gzip stream is cut short or corrupt: {why}',
    ja: 'gzip データが途中で切れているか壊れています: {why}',
  },
});

/** `what` names the part that was cut, in both languages: `both('a block', 'ブロック')`. */
export function truncated(input: string, offset: number, what: LocalParam): NetdoctorError {
  return new NetdoctorError('ND_CAPTURE_TRUNCATED', CAPTURE_READ_ERRORS.truncated, {
    input,
    offset,
    params: { what },
  });
}

export function corrupt(input: string, offset: number, problem: LocalParam): NetdoctorError {
  return new NetdoctorError('ND_CAPTURE_CORRUPT', CAPTURE_READ_ERRORS.corrupt, {
    input,
    offset,
    params: { problem },
  });
}

export { both };

/** The largest frame we accept; a larger length field means a corrupt record, not a real frame. */
export const MAX_FRAME = 16 * 1024 * 1024;
