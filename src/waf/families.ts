/**
 * The OWASP Core Rule Set's rule families, by rule id. CRS numbers its rules 9FFNNN, where FF
 * names the file the rule lives in (REQUEST-942-APPLICATION-ATTACK-SQLI.conf holds 942xxx), the
 * same in CRS 3 and 4; the application exclusion packages (REQUEST-903.900x) use 900x000–900x999.
 * Ids outside these ranges are the site's own rules or ModSecurity's recommended configuration
 * (200000–200099 in modsecurity.conf-recommended).
 */

export interface RuleFamily {
  /** `942`, `903`, `local` … */
  code: string;
  en: string;
  ja: string;
  /** Inbound attack detection (930–944): a hit here is an attack or a false positive. */
  attack: boolean;
}

const F = (code: string, en: string, ja: string, attack = false): RuleFamily => ({ code, en, ja, attack });

const CRS: Readonly<Record<number, RuleFamily>> = {
  900: F('900', 'CRS setup', 'CRS 設定'),
  901: F('901', 'CRS initialization', 'CRS 初期化'),
  905: F('905', 'common exceptions', '共通の例外'),
  910: F('910', 'IP reputation', 'IP レピュテーション'),
  911: F('911', 'method enforcement', 'メソッドの制限'),
  912: F('912', 'DoS protection', 'DoS 対策'),
  913: F('913', 'scanner detection', 'スキャナー検知'),
  920: F('920', 'protocol enforcement', 'プロトコル違反'),
  921: F('921', 'protocol attack', 'プロトコル攻撃'),
  922: F('922', 'multipart attack', 'マルチパート攻撃'),
  930: F('930', 'local file inclusion (LFI)', 'ローカルファイルインクルージョン（LFI）', true),
  931: F('931', 'remote file inclusion (RFI)', 'リモートファイルインクルージョン（RFI）', true),
  932: F('932', 'remote command execution (RCE)', 'リモートコマンド実行（RCE）', true),
  933: F('933', 'PHP injection', 'PHP インジェクション', true),
  934: F('934', 'generic / Node.js injection', '汎用・Node.js インジェクション', true),
  941: F('941', 'cross-site scripting (XSS)', 'クロスサイトスクリプティング（XSS）', true),
  942: F('942', 'SQL injection', 'SQL インジェクション', true),
  943: F('943', 'session fixation', 'セッション固定', true),
  944: F('944', 'Java attack', 'Java 攻撃', true),
  949: F('949', 'inbound blocking evaluation', '受信の遮断判定'),
  950: F('950', 'outbound data leakage', '送信データ漏えい'),
  951: F('951', 'outbound SQL error leakage', '送信 SQL エラー漏えい'),
  952: F('952', 'outbound Java leakage', '送信 Java 漏えい'),
  953: F('953', 'outbound PHP leakage', '送信 PHP 漏えい'),
  954: F('954', 'outbound IIS leakage', '送信 IIS 漏えい'),
  955: F('955', 'outbound web shell', '送信 Web シェル'),
  956: F('956', 'outbound Ruby leakage', '送信 Ruby 漏えい'),
  959: F('959', 'outbound blocking evaluation', '送信の遮断判定'),
  980: F('980', 'correlation', '相関（集計）'),
  999: F('999', 'exclusions after CRS', 'CRS 後の除外'),
};

const APP_EXCLUSIONS = F('903', 'CRS application exclusions', 'CRS アプリケーション別除外');
const RECOMMENDED = F('recommended', 'ModSecurity recommended configuration', 'ModSecurity 推奨設定');
const LOCAL = F('local', 'local rule', '独自ルール');
const CRS_OTHER = F('9xx', 'other CRS rule', 'その他の CRS ルール');

/** The family of rule `id` (a decimal string as the log writes it). */
export function ruleFamily(id: string): RuleFamily {
  if (!/^\d{1,9}$/.test(id)) return LOCAL;
  const n = Number(id);
  if (n >= 9_001_000 && n <= 9_009_999) return APP_EXCLUSIONS;
  if (n >= 200_000 && n <= 200_099) return RECOMMENDED;
  if (n >= 900_000 && n <= 999_999) return CRS[Math.floor(n / 1000)] ?? CRS_OTHER;
  return LOCAL;
}

/** Every family this table knows, for documentation and tests. */
export const KNOWN_FAMILIES: readonly RuleFamily[] = [
  ...Object.values(CRS),
  APP_EXCLUSIONS,
  RECOMMENDED,
  LOCAL,
  CRS_OTHER,
];
