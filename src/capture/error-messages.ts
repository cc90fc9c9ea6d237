/** The capture tools' error sentences (find, write, follow, io), in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const CAPTURE_ERRORS = defineErrors('capture', {
  outputIsInput: { en: 'the output file is the input file', ja: '出力ファイルが入力ファイルと同じです' },
  nanoFromStdin: {
    en: 'the capture has nanosecond timestamps: write it from stdin as .pcapng, or from a file',
    ja: 'キャプチャにナノ秒のタイムスタンプがあります。標準入力からなら .pcapng で書き出すか、ファイルから読み込んでください',
  },
  cannotCreate: {
    en: 'cannot create the output file ({why})',
    ja: '出力ファイルを作成できません（{why}）',
  },
  cannotWrite: {
    en: 'cannot write the output file ({why})',
    ja: '出力ファイルに書き込めません（{why}）',
  },
  mixedLinkTypes: {
    en: 'frame has link type {link} but the file started with {first}: a pcap file holds one link type, write .pcapng instead',
    ja: 'フレームのリンク種別 {link} がファイル先頭の {first} と異なります。pcap ファイルに入るリンク種別は 1 つだけなので、.pcapng で書き出してください',
  },
  tooManyIntervals: {
    en: 'the capture spans more than {max} intervals of {seconds} s; choose a larger interval',
    ja: 'キャプチャが {seconds} 秒の区間 {max} 個分を超えています。区間を長くしてください',
  },
  notDuration: {
    en: 'not a duration: "{text}" (e.g. 1s, 500ms, 5m)',
    ja: '「{text}」は時間の長さではありません（例: 1s、500ms、5m）',
  },
  durationRange: {
    en: 'must be from 1ms to 24h (got "{text}")',
    ja: '1ms〜24h の範囲で指定してください（指定値: 「{text}」）',
  },
  twoPassesNeedFile: {
    en: 'finding unanswered DNS queries reads the capture twice: give a file, not stdin',
    ja: '応答のない DNS 問い合わせを探すにはキャプチャを 2 回読むため、標準入力ではなくファイルを指定してください',
  },
  noConversation: {
    en: 'no {protocol} conversation between {a} and {b}',
    ja: '{a} と {b} の間に {protocol} の通信はありません',
  },
  noStream: {
    en: 'no {protocol} stream {stream} (the capture has {count})',
    ja: '{protocol} ストリーム {stream} はありません（キャプチャにあるのは {count} 本です）',
  },
});
