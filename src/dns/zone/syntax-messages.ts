/**
 * Why a zone-file line cannot be read, in every language: the sentences of the tokenizer, the
 * name and record-data parsers and the directives. The CLI prints them as `file:line: problem`
 * (a thrown `ZoneSyntaxError`), lint as `zone.syntax.error` findings; both in the run's language.
 *
 * The errors below carry one of these texts and its parameters (`ZoneLineProblem`), so a
 * sentence is worded once, here, and never assembled from English fragments.
 */
import {
  defineErrors,
  type ErrorParams,
  type ErrorText,
  fillError,
  type LocalParam,
} from '../../core/errors.js';

export const ZONE_SYNTAX = defineErrors('zonefile', {
  // Files and $INCLUDE
  noFile: { en: 'no such file', ja: 'ファイルがありません' },
  isFolder: { en: 'is a folder, not a zone file', ja: 'フォルダーです。ゾーンファイルではありません' },
  unreadable: { en: 'cannot be read ({why})', ja: '読めません（{why}）' },
  includeNoFile: { en: '$INCLUDE {file}: no such file', ja: '$INCLUDE {file}: ファイルがありません' },
  includeIsFolder: {
    en: '$INCLUDE {file}: is a folder, not a zone file',
    ja: '$INCLUDE {file}: フォルダーです。ゾーンファイルではありません',
  },
  includeUnreadable: {
    en: '$INCLUDE {file}: cannot be read ({why})',
    ja: '$INCLUDE {file}: 読めません（{why}）',
  },
  includeOutside: {
    en: "$INCLUDE {file}: outside the zone's folder {root} (refused; allow it with the include root option)",
    ja: '$INCLUDE {file}: ゾーンのフォルダー {root} の外にあるため読み込みません（include root の設定で許可できます）',
  },
  fileTooLarge: {
    en: '{file}: file of {size} bytes is over the {cap}-byte cap',
    ja: '{file}: ファイルが {size} バイトあり、上限の {cap} バイトを超えています',
  },
  includeLoop: { en: '$INCLUDE loop: {chain}', ja: '$INCLUDE が循環しています: {chain}' },
  includeDepth: {
    en: '$INCLUDE nested deeper than {depth} files',
    ja: '$INCLUDE の入れ子が {depth} 段を超えています',
  },
  tooManyFields: {
    en: 'record with more than {max} fields (RDATA is at most 65535 bytes)',
    ja: 'フィールドが {max} 個を超えるレコードです（RDATA は最大 65535 バイト）',
  },
  tooManyRecords: {
    en: 'more than {max} records (the record cap)',
    ja: 'レコードが上限の {max} 件を超えています',
  },
  // Lines and directives
  noOwner: {
    en: 'no owner name: the first record line starts with blank space',
    ja: '名前がありません。最初のレコード行が空白で始まっています',
  },
  ttlRange: { en: 'TTL "{ttl}" is out of range', ja: 'TTL「{ttl}」が範囲外です' },
  noType: { en: 'missing record type', ja: 'レコードタイプがありません' },
  unknownType: { en: 'unknown record type "{type}"', ja: '不明なレコードタイプ「{type}」です' },
  metaType: {
    en: '{type} is a query type, not record data',
    ja: '{type} は問い合わせ用のタイプで、レコードのデータにはなりません',
  },
  soaNotApex: { en: 'SOA record not at the top of the zone', ja: 'SOA レコードがゾーンの頂点にありません' },
  noTtl: {
    en: 'no TTL: add a $TTL line before the first record',
    ja: 'TTL がありません。最初のレコードの前に $TTL 行を追加してください',
  },
  classMismatch: {
    en: "class {cls} does not match the zone's class {zoneClass}",
    ja: 'クラス {cls} がゾーンのクラス {zoneClass} と一致しません',
  },
  originArgs: { en: '$ORIGIN takes one name', ja: '$ORIGIN には名前を 1 つ指定します' },
  ttlArgs: { en: '$TTL takes one TTL value', ja: '$TTL には TTL の値を 1 つ指定します' },
  ttlNotTtl: { en: '$TTL "{ttl}" is not a TTL', ja: '$TTL「{ttl}」は TTL の値ではありません' },
  includeArgs: {
    en: '$INCLUDE takes a file name and an optional origin',
    ja: '$INCLUDE にはファイル名と、必要ならオリジンを指定します',
  },
  unknownDirective: { en: 'unknown directive {directive}', ja: '不明なディレクティブ {directive} です' },
  generateArgs: {
    en: '$GENERATE needs: range owner [ttl] [class] type data',
    ja: '$GENERATE の書式は「範囲 名前 [TTL] [クラス] タイプ データ」です',
  },
  generateNoData: { en: '$GENERATE: missing data', ja: '$GENERATE: データがありません' },
  generateRange: {
    en: '$GENERATE: bad range "{range}" (start-stop[/step])',
    ja: '$GENERATE: 範囲「{range}」が正しくありません（開始-終了[/刻み]）',
  },
  generateRangeMax: {
    en: '$GENERATE: range "{range}" is over 2^31-1',
    ja: '$GENERATE: 範囲「{range}」が 2^31-1 を超えています',
  },
  generateRangeOrder: {
    en: '$GENERATE: range "{range}": stop before start',
    ja: '$GENERATE: 範囲「{range}」の終了が開始より前です',
  },
  generateStepZero: {
    en: '$GENERATE: range "{range}": step 0',
    ja: '$GENERATE: 範囲「{range}」の刻みが 0 です',
  },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the sentence quotes BIND's ${…} syntax
  generateBrace: { en: '$GENERATE: "${" without "}"', ja: '$GENERATE: 「${」に対応する「}」がありません' },
  generateModifier: {
    en: '$GENERATE: bad modifier "{modifier}"',
    ja: '$GENERATE: 修飾子「{modifier}」が正しくありません',
  },
  generateOverflow: {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the sentence quotes BIND's ${…} syntax
    en: '$GENERATE: ${{modifier}} takes {value} out of range',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the sentence quotes BIND's ${…} syntax
    ja: '$GENERATE: ${{modifier}} で {value} が範囲外になります',
  },
  // The tokenizer
  parenNotClosed: {
    en: 'unbalanced parentheses: "(" never closed',
    ja: '括弧が対応していません。「(」が閉じられていません',
  },
  parenNotOpened: {
    en: 'unbalanced parentheses (")" without "(")',
    ja: '括弧が対応していません（「(」のない「)」があります）',
  },
  binary: {
    en: 'binary data (a NUL byte): not a zone file',
    ja: 'バイナリデータ（NUL バイト）です。ゾーンファイルではありません',
  },
  quoteUnterminated: { en: 'unterminated quoted string', ja: '引用符で囲んだ文字列が閉じられていません' },
  quoteNotClosedOnLine: {
    en: 'quoted string not closed on its line',
    ja: '引用符で囲んだ文字列がその行で閉じられていません',
  },
  quoteTooLong: {
    en: 'quoted string longer than {max} bytes',
    ja: '引用符で囲んだ文字列が {max} バイトを超えています',
  },
  wordTooLong: { en: 'word longer than {max} bytes', ja: '語が {max} バイトを超えています' },
  // Names
  escapeOver255: {
    en: 'bad escape \\{digits} (over 255)',
    ja: 'エスケープ \\{digits} が正しくありません（255 を超えています）',
  },
  escapeDigits: {
    en: 'bad escape \\{digits} (\\DDD needs three digits)',
    ja: 'エスケープ \\{digits} が正しくありません（\\DDD は 3 桁の数字です）',
  },
  nameLoneBackslash: {
    en: 'name ends with a lone backslash',
    ja: '名前が単独のバックスラッシュで終わっています',
  },
  emptyLabel: { en: 'empty label in "{name}"', ja: '「{name}」に空のラベルがあります' },
  labelTooLong: {
    en: 'label longer than 63 bytes in "{name}"',
    ja: '「{name}」に 63 バイトを超えるラベルがあります',
  },
  nameTooLong: {
    en: 'name longer than 255 bytes: "{name}"',
    ja: '名前が 255 バイトを超えています:「{name}」',
  },
  // Record data
  notNumber: { en: '"{value}" is not a number ({what})', ja: '「{value}」は数値ではありません（{what}）' },
  numberRange: {
    en: '{value} is out of range for {what} (max {max})',
    ja: '{value} は {what} の範囲外です（最大 {max}）',
  },
  stringLoneBackslash: {
    en: 'string ends with a lone backslash',
    ja: '文字列が単独のバックスラッシュで終わっています',
  },
  notIpv4: { en: '"{value}" is not an IPv4 address', ja: '「{value}」は IPv4 アドレスではありません' },
  notIpv6: { en: '"{value}" is not an IPv6 address', ja: '「{value}」は IPv6 アドレスではありません' },
  typeListUnknown: {
    en: 'unknown type "{value}" in the type list',
    ja: 'タイプの一覧に不明なタイプ「{value}」があります',
  },
  genericOnly: {
    en: '{type} data must be in the \\# <length> <hex> form (RFC 3597)',
    ja: '{type} のデータは \\# <長さ> <16 進> の形式で書きます（RFC 3597）',
  },
  missingField: { en: '{type}: missing {what}', ja: '{type}: {what}がありません' },
  notTimeValue: {
    en: '{type}: "{value}" is not a time value',
    ja: '{type}:「{value}」は時間の値ではありません',
  },
  unknownFieldType: { en: '{type}: unknown type "{value}"', ja: '{type}: 不明なタイプ「{value}」です' },
  stringTooLong: {
    en: '{type}: string longer than 255 bytes',
    ja: '{type}: 文字列が 255 バイトを超えています',
  },
  noText: { en: '{type}: no text', ja: '{type}: テキストがありません' },
  missingHex: { en: '{type}: missing hex data', ja: '{type}: 16 進のデータがありません' },
  missingBase64: { en: '{type}: missing base64 data', ja: '{type}: base64 のデータがありません' },
  badHex: { en: 'bad hex in {what}', ja: '{what} の 16 進が正しくありません' },
  badBase64: { en: 'bad base64', ja: 'base64 が正しくありません' },
  badHash: {
    en: '{type}: bad base32hex hash "{value}"',
    ja: '{type}: base32hex のハッシュ「{value}」が正しくありません',
  },
  hashLength: {
    en: '{type}: next hash of {bytes} bytes is out of range (SHA-1 hashes are 20)',
    ja: '{type}: 次のハッシュが {bytes} バイトで範囲外です（SHA-1 のハッシュは 20 バイト）',
  },
  gatewayDot: {
    en: '{type}: gateway type 0 takes "." as its gateway',
    ja: '{type}: ゲートウェイタイプ 0 のゲートウェイは「.」です',
  },
  gatewayType: {
    en: '{type}: unknown gateway type {value}',
    ja: '{type}: 不明なゲートウェイタイプ {value} です',
  },
  badTag: { en: '{type}: bad tag "{value}"', ja: '{type}: タグ「{value}」が正しくありません' },
  badAddress: { en: '{type}: bad address "{value}"', ja: '{type}: アドレス「{value}」が正しくありません' },
  badNsap: { en: '{type}: bad NSAP address', ja: '{type}: NSAP アドレスが正しくありません' },
  badE164: { en: '{type}: bad E.164 address', ja: '{type}: E.164 アドレスが正しくありません' },
  badLocator: { en: '{type}: bad locator', ja: '{type}: ロケーターが正しくありません' },
  extraData: { en: '{type}: extra data "{value}"', ja: '{type}: 余分なデータ「{value}」があります' },
  genericLength: {
    en: 'RFC 3597 data has {bytes} bytes, length says {len}',
    ja: 'RFC 3597 形式のデータが {bytes} バイトですが、長さは {len} となっています',
  },
  genericNotType: {
    en: 'RFC 3597 data of {len} bytes is not {type} data',
    ja: 'RFC 3597 形式の {len} バイトのデータは {type} のデータになっていません',
  },
  // SVCB/HTTPS parameters
  svcbUnknownKey: { en: 'SVCB: unknown parameter "{key}"', ja: 'SVCB: 不明なパラメーター「{key}」です' },
  svcbTwice: {
    en: 'SVCB: parameter {key} given twice',
    ja: 'SVCB: パラメーター {key} が 2 回指定されています',
  },
  svcbAliasParams: {
    en: 'SVCB: AliasMode (priority 0) takes no parameters',
    ja: 'SVCB: AliasMode（優先度 0）にはパラメーターを指定できません',
  },
  svcbMandatoryMissing: {
    en: 'SVCB: mandatory key {key} is missing',
    ja: 'SVCB: mandatory に挙げたキー {key} がありません',
  },
  svcbNeedsValue: { en: 'SVCB: {key} needs a value', ja: 'SVCB: {key} には値が必要です' },
  svcbBadMandatory: { en: 'SVCB: bad mandatory list', ja: 'SVCB: mandatory の一覧が正しくありません' },
  svcbEmptyAlpn: { en: 'SVCB: empty alpn id', ja: 'SVCB: alpn に空の ID があります' },
  svcbNoValue: { en: 'SVCB: {key} takes no value', ja: 'SVCB: {key} には値を指定できません' },
  svcbBadPort: { en: 'SVCB: bad port "{value}"', ja: 'SVCB: ポート「{value}」が正しくありません' },
  // LOC, WKS, signature times
  locNotMetres: {
    en: 'LOC: "{value}" is not a {what} in metres',
    ja: 'LOC:「{value}」はメートル単位の{what}ではありません',
  },
  locRange: { en: 'LOC: {what} {value} is out of range', ja: 'LOC: {what} {value} が範囲外です' },
  locDegrees: { en: 'LOC: {value} degrees is out of range', ja: 'LOC: {value} 度は範囲外です' },
  locNoDegrees: { en: 'LOC: missing degrees', ja: 'LOC: 度がありません' },
  locMinutes: { en: 'LOC: bad minutes "{value}"', ja: 'LOC: 分「{value}」が正しくありません' },
  locSeconds: { en: 'LOC: bad seconds "{value}"', ja: 'LOC: 秒「{value}」が正しくありません' },
  locHemisphere: { en: 'LOC: expected {value}', ja: 'LOC: {value} が必要です' },
  locCoordinate: { en: 'LOC: coordinate out of range', ja: 'LOC: 座標が範囲外です' },
  locNoAltitude: { en: 'LOC: missing altitude', ja: 'LOC: 高度がありません' },
  locExtra: { en: 'LOC: extra data "{value}"', ja: 'LOC: 余分なデータ「{value}」があります' },
  wksNoProtocol: { en: 'WKS: missing protocol', ja: 'WKS: プロトコルがありません' },
  wksProtocol: { en: 'WKS: unknown protocol "{value}"', ja: 'WKS: 不明なプロトコル「{value}」です' },
  wksProtocolRange: {
    en: 'WKS: protocol {value} is out of range',
    ja: 'WKS: プロトコル {value} は範囲外です',
  },
  wksService: { en: 'WKS: unknown service "{value}"', ja: 'WKS: 不明なサービス「{value}」です' },
  wksPortRange: { en: 'WKS: port {value} is out of range', ja: 'WKS: ポート {value} は範囲外です' },
  sigTimeRange: { en: 'signature time {value} is out of range', ja: '署名の時刻 {value} は範囲外です' },
  sigTimeSyntax: {
    en: '"{value}" is not a signature time (YYYYMMDDHHmmSS)',
    ja: '「{value}」は署名の時刻（YYYYMMDDHHmmSS）ではありません',
  },
  sigTimeDate: {
    en: 'signature time {value} is not a valid date',
    ja: '署名の時刻 {value} は存在しない日時です',
  },
});

/** The words a sentence's `{what}` takes: a field or value named in each language. */
export const FIELD = {
  name: { en: 'name', ja: '名前' },
  number: { en: 'number', ja: '数値' },
  timeValue: { en: 'time value', ja: '時間の値' },
  algorithm: { en: 'algorithm', ja: 'アルゴリズム' },
  type: { en: 'type', ja: 'タイプ' },
  time: { en: 'time', ja: '時刻' },
  address: { en: 'address', ja: 'アドレス' },
  string: { en: 'string', ja: '文字列' },
  salt: { en: 'salt', ja: 'ソルト' },
  hash: { en: 'hash', ja: 'ハッシュ' },
  gateway: { en: 'gateway', ja: 'ゲートウェイ' },
  tag: { en: 'tag', ja: 'タグ' },
  value: { en: 'value', ja: '値' },
  certType: { en: 'certificate type', ja: '証明書タイプ' },
  locator: { en: 'locator', ja: 'ロケーター' },
  field: { en: 'field', ja: 'フィールド' },
  length: { en: 'RFC 3597 length', ja: 'RFC 3597 の長さ' },
  data: { en: 'RFC 3597 data', ja: 'RFC 3597 のデータ' },
  altitude: { en: 'altitude', ja: '高度' },
  size: { en: 'size', ja: '大きさ' },
  hPrecision: { en: 'horizontal precision', ja: '水平精度' },
  vPrecision: { en: 'vertical precision', ja: '垂直精度' },
} as const satisfies Record<string, LocalParam>;

/** `{type} {what}` (`MX field`): a record type with a field word, in each language. */
export function fieldOf(type: string, what: LocalParam): LocalParam {
  return { en: `${type} ${what.en}`, ja: `${type} の${what.ja}` };
}

/**
 * What every zone-file problem carries: a catalog sentence and its parameters. `message` is the
 * English sentence (for programs and logs).
 */
export class ZoneLineProblem extends Error {
  constructor(
    readonly text: ErrorText,
    readonly params: ErrorParams = {},
  ) {
    super(fillError(text.en, params, 'en'));
  }
  /** The sentence in `lang`. */
  sentence(lang: 'en' | 'ja'): string {
    return fillError(this.text[lang], this.params, lang);
  }
}
