/**
 * The CLI's words in every language: help texts, table headers, summary lines and the CLI's own
 * errors. A help text is a `Text`: one string per language (`{ en, ja }`); a bare string is
 * shown as is in every language (identifiers, commands), and the `--lang ja` acceptance test
 * catches English prose left in one.
 *
 * Library errors name library options (`timeoutMs`); `flagFor` maps them to this CLI's flags.
 */
import { defineErrors, type NetdoctorError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import type { Progress } from '../core/progress.js';

export type Text = string | { readonly en: string; readonly ja: string };

/** The text in `lang`. */
export function pick(t: Text, lang: Lang): string {
  return typeof t === 'string' ? t : t[lang];
}

/** A text in both languages: `tx('open', '開')`. */
export function tx(en: string, ja: string): { en: string; ja: string } {
  return { en, ja };
}

export const CLI_ERRORS = defineErrors('cli', {
  unknownCommand: {
    en: 'unknown command (run netdoctor --help)',
    ja: '不明なコマンドです（netdoctor --help で一覧を確認してください）',
  },
  unknownAction: {
    en: 'unknown action for {command} (run netdoctor {command} --help)',
    ja: '{command} にこのアクションはありません（netdoctor {command} --help で確認してください）',
  },
  missingArgument: { en: 'missing argument; usage: {usage}', ja: '引数が足りません。使い方: {usage}' },
  extraArgument: {
    en: 'unexpected argument "{arg}"; usage: {usage}',
    ja: '余分な引数「{arg}」があります。使い方: {usage}',
  },
  unknownOption: { en: "Unknown option '{option}'", ja: '不明なオプション「{option}」です' },
  optionAmbiguous: {
    en: "Option '{option}' argument is ambiguous: a value that starts with a dash is written {option}=-X",
    ja: 'オプション「{option}」の値があいまいです。- で始まる値は {option}=-X の形で指定してください',
  },
  optionNeedsValue: {
    en: "Option '{option}' argument missing",
    ja: 'オプション「{option}」には値が必要です',
  },
  optionTakesNoValue: {
    en: "Option '{option}' does not take an argument",
    ja: 'オプション「{option}」は値を取りません',
  },
  badArguments: { en: '{why}', ja: 'コマンドラインを解釈できません: {why}' },
  notNumber: {
    en: 'must be a number from {min} to {max} (got "{value}")',
    ja: '{min}〜{max} の数値で指定してください（指定値: 「{value}」）',
  },
  notWholeNumber: {
    en: 'must be a whole number from {min} to {max} (got "{value}")',
    ja: '{min}〜{max} の整数で指定してください（指定値: 「{value}」）',
  },
  unknownRecordType: {
    en: 'unknown record type "{type}" (one of {types})',
    ja: 'レコードタイプ「{type}」には対応していません（{types} のいずれか）',
  },
  eitherOr: { en: 'give either {a} or {b}', ja: '{a} と {b} はどちらか一方だけ指定してください' },
  notPortService: {
    en: '"{item}" is not PORT=SERVICE (e.g. 5353=domain)',
    ja: '「{item}」は ポート=サービス の形ではありません（例: 5353=domain）',
  },
  unknownService: {
    en: 'unknown service "{name}" (one of {names})',
    ja: 'サービス「{name}」は不明です（{names} のいずれか）',
  },
  cannotReadCa: { en: 'cannot read the CA file', ja: 'CA 証明書ファイルを読み込めません' },
  cannotWriteXml: { en: 'cannot write the XML file', ja: 'XML ファイルを書き込めません' },
  nothingRead: {
    en: 'no report could be read from the {count} failing input(s) above',
    ja: '上のエラーになった入力 {count} 件から、レポートを 1 つも読み込めませんでした',
  },
  badSince: {
    en: 'must be like 30d, 12h, 2w or a date 2024-06-01 (got "{value}")',
    ja: '30d、12h、2w のような期間か 2024-06-01 のような日付で指定してください（指定値: 「{value}」）',
  },
  oneOf: {
    en: 'must be {choices} (got "{value}")',
    ja: '{choices} のいずれかを指定してください（指定値: 「{value}」）',
  },
  cannotReadFile: { en: 'cannot read {what}: {why}', ja: '{what}を読み込めません: {why}' },
  cannotWriteFile: { en: 'cannot write {what}: {why}', ja: '{what}を書き込めません: {why}' },
  envPort: { en: 'must be a port 1-65535', ja: '1〜65535 のポート番号を指定してください' },
  explainNeedsText: {
    en: 'give the reply text, a bounce file, or - for stdin',
    ja: 'エラー応答の文面、エラーメールのファイル、または標準入力を表す - を指定してください',
  },
  notFlow: {
    en: '"{flow}" is neither a stream index (0, 1, …) nor endpoints like 192.0.2.1:25-192.0.2.2:51000',
    ja: '「{flow}」はストリーム番号（0, 1, …）でも、192.0.2.1:25-192.0.2.2:51000 のようなエンドポイントの組でもありません',
  },
  outputRequired: {
    en: 'the output file is required, e.g. -o selected.pcap',
    ja: '出力ファイルを指定してください（例: -o selected.pcap）',
  },
  needsFileName: { en: 'needs a file name', ja: 'ファイル名を指定してください' },
  inventoryErrors: {
    en: '{count} error(s) in the inventory, nothing generated; first: {first} (see netdoctor lan check)',
    ja: 'インベントリーにエラーが {count} 件あるため、何も生成していません。最初のエラー: {first}（詳しくは lan check で確認してください）',
  },
  unknownTarget: {
    en: 'unknown target (known: {known})',
    ja: '不明なターゲットです（指定できるもの: {known}）',
  },
  noSuchFile: { en: 'cannot read: no such file', ja: '読み込めません: ファイルがありません' },
  notPlan: {
    en: 'not a plan written by lan diff --save',
    ja: 'lan diff --save で保存した計画ではありません',
  },
  oneTarget: { en: 'name exactly one target', ja: 'ターゲットを一つだけ指定してください' },
  noTargetFile: {
    en: 'the inventory names no file for target {target} (site.targets)',
    ja: 'インベントリーにターゲット {target} のファイルがありません（site.targets）',
  },
  unknownFormat: { en: 'unknown format (known: {known})', ja: '不明な形式です（指定できるもの: {known}）' },
  exists: {
    en: 'exists; choose another file (import never overwrites)',
    ja: 'すでにあります。別のファイルを指定してください（import は上書きしません）',
  },
  range: { en: 'expected {min}-{max}', ja: '{min}〜{max} で指定してください' },
  notMac: { en: 'not a MAC address', ja: 'MAC アドレスではありません' },
  oneSource: {
    en: 'name one source: a capture file (or -), --interface IF, or --neigh',
    ja: '入力を一つ指定してください: キャプチャファイル（または -）、--interface IF、--neigh のいずれか',
  },
  notSubnet: { en: 'not an IPv4 subnet', ja: 'IPv4 のサブネットではありません' },
  secondsAbove0: { en: 'expected a number of seconds > 0', ja: '0 より大きい秒数を指定してください' },
  seconds: { en: 'expected a number of seconds', ja: '秒数を指定してください' },
  countAbove0: { en: 'expected a whole number > 0', ja: '0 より大きい整数を指定してください' },
  moreOrigins: {
    en: '{origins} origins for {files} file(s)',
    ja: 'ファイル {files} 個に対してゾーン名が {origins} 個あります',
  },
  notIp: { en: '"{ip}" is not an IP address', ja: '「{ip}」は IP アドレスではありません' },
  notDomain: { en: 'not a domain name', ja: 'ドメイン名ではありません' },
  internal: {
    en: 'internal error: {why} (run with --debug for details; please report it)',
    ja: '内部エラー: {why}（--debug で詳細を表示できます。不具合として報告してください）',
  },
});

/** Library options whose CLI flag is not simply their kebab-case name. */
const OPTION_FLAGS: Readonly<Record<string, string>> = {
  timeoutMs: '--timeout',
  maxTimeoutMs: '--timeout',
  minTimeoutMs: '--timeout',
  probeTimeoutMs: '--probe-timeout',
  ioInterval: '--interval',
  maxBytes: '--max-size',
  ips: '--ip',
  serviceHints: '--as',
};

/** The flag that stands for a library option: `timeoutMs` → `--timeout`, `dnsUnanswered` → `--dns-unanswered`. */
export function flagFor(option: string): string {
  return OPTION_FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The CLI's one line for a library error, in `lang`, naming flags instead of library options. */
export function errorLine(e: NetdoctorError, lang: Lang): string {
  const flag = e.option === undefined || e.option === 'targets' ? undefined : flagFor(e.option);
  // A cap on an input: the input is the subject, the flag raises the cap.
  if (e.input !== undefined && flag !== undefined && e.code === 'ND_INPUT_TOO_LARGE') {
    const hint = lang === 'ja' ? `（${flag} で上限を上げられます）` : ` (raise it with ${flag})`;
    return `${e.oneLine(lang)}${hint}`;
  }
  if (e.input === undefined && flag !== undefined) return e.oneLine(lang, flag);
  // The input is the subject, the flag is what resolves it (`--yes` confirms a big scan).
  if (flag !== undefined)
    return `${e.oneLine(lang)}${lang === 'ja' ? `（${flag} を指定してください）` : ` (use ${flag})`}`;
  return e.oneLine(lang);
}

/** Alternatives for a sentence: `ip, tcp or udp` / `ip・tcp・udp`. */
export function choices(list: readonly string[]): { en: string; ja: string } {
  const en = list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
  return { en, ja: list.join('・') };
}

/** A connection's outcome word (`refused`, `timeout` …) for a table cell. */
export function outcomeWord(outcome: string, lang: Lang): string {
  if (lang !== 'ja') return outcome;
  const ja: Record<string, string> = {
    ok: 'OK',
    refused: '接続拒否',
    timeout: 'タイムアウト',
    closed: '切断',
    unreachable: '到達不能',
    'banner-rejected': 'バナーで拒否',
    'ehlo-rejected': 'EHLO 拒否',
    'protocol-error': 'プロトコルエラー',
    'tls-error': 'TLS エラー',
  };
  return ja[outcome] ?? outcome;
}

/** A requirement met or not, for a table cell: `pass`/`FAIL`, in Japanese OK/NG as admins write it. */
export function passMark(pass: boolean | null, lang: Lang): string {
  if (pass === null) return '-';
  if (lang === 'ja') return pass ? 'OK' : 'NG';
  return pass ? 'pass' : 'FAIL';
}

/**
 * Progress labels in the run's language. The library names what it is doing in plain words
 * (`reading office.pcap`, `scanning`, `probing`); the CLI, which owns the terminal, words them.
 */
export function progressIn(progress: Progress, lang: Lang): Progress {
  if (lang !== 'ja') return progress;
  const label = (l: string): string => {
    if (l === 'reading reports') return 'レポートを読み込み中';
    if (l === 'scanning') return 'スキャン中';
    if (l === 'probing') return 'バナーを調査中';
    const m = /^reading (.+)$/.exec(l);
    if (m) return `${m[1] === 'stdin' ? '標準入力' : m[1]} を読み込み中`;
    return l;
  };
  return {
    update: (l, done, total, unit) => progress.update(label(l), done, total, unit),
    done: () => progress.done(),
  };
}
