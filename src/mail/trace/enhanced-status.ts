/**
 * Enhanced mail system status codes (RFC 3463, with the later registrations in the IANA
 * "SMTP Enhanced Status Codes" registry: RFC 3886, 4468, 4954, 5248, 6710, 7372, 7504, 8098).
 *
 * Hand-written: the code is three numbers and two small tables; no npm package carries the
 * registry. `decodeStatus('5.7.26')` → class "permanent failure", subject "security or policy
 * status", detail "multiple authentication checks failed".
 */

export interface DecodedStatus {
  /** The code as written, e.g. `5.7.26`. */
  code: string;
  /** 2, 4 or 5 (RFC 3463 §3.1). */
  class: number;
  subject: number;
  detail: number;
  /** "success", "persistent transient failure", "permanent failure". */
  classText: string;
  subjectText: string;
  /** The registry's name for `subject.detail`, or undefined when the detail is not registered. */
  detailText?: string;
  /** Whether retrying later can succeed (class 4). */
  permanent: boolean;
}

const CLASSES: Record<number, string> = {
  2: 'success',
  4: 'persistent transient failure',
  5: 'permanent failure',
};

const SUBJECTS: Record<number, string> = {
  0: 'other or undefined status',
  1: 'addressing status',
  2: 'mailbox status',
  3: 'mail system status',
  4: 'network and routing status',
  5: 'mail delivery protocol status',
  6: 'message content or media status',
  7: 'security or policy status',
};

/** `subject.detail` → the registry's name. */
const DETAILS: Record<string, string> = {
  '0.0': 'other undefined status',
  '1.0': 'other address status',
  '1.1': 'bad destination mailbox address (no such user)',
  '1.2': 'bad destination system address (no such domain)',
  '1.3': 'bad destination mailbox address syntax',
  '1.4': 'destination mailbox address ambiguous',
  '1.5': 'destination address valid',
  '1.6': 'destination mailbox has moved, no forwarding address',
  '1.7': "bad sender's mailbox address syntax",
  '1.8': "bad sender's system address",
  '1.9': 'message relayed to non-compliant mailer',
  '1.10': 'recipient address has null MX',
  '2.0': 'other or undefined mailbox status',
  '2.1': 'mailbox disabled, not accepting messages',
  '2.2': 'mailbox full',
  '2.3': 'message length exceeds administrative limit',
  '2.4': 'mailing list expansion problem',
  '3.0': 'other or undefined mail system status',
  '3.1': 'mail system full',
  '3.2': 'system not accepting network messages',
  '3.3': 'system not capable of selected features',
  '3.4': 'message too big for system',
  '3.5': 'system incorrectly configured',
  '3.6': 'requested priority was changed',
  '4.0': 'other or undefined network or routing status',
  '4.1': 'no answer from host',
  '4.2': 'bad connection',
  '4.3': 'directory server failure',
  '4.4': 'unable to route',
  '4.5': 'mail system congestion',
  '4.6': 'routing loop detected',
  '4.7': 'delivery time expired',
  '5.0': 'other or undefined protocol status',
  '5.1': 'invalid command',
  '5.2': 'syntax error',
  '5.3': 'too many recipients',
  '5.4': 'invalid command arguments',
  '5.5': 'wrong protocol version',
  '5.6': 'authentication exchange line is too long',
  '6.0': 'other or undefined media error',
  '6.1': 'media not supported',
  '6.2': 'conversion required and prohibited',
  '6.3': 'conversion required but not supported',
  '6.4': 'conversion with loss performed',
  '6.5': 'conversion failed',
  '6.6': 'message content not available',
  '6.7': 'non-ASCII addresses not permitted for that sender/recipient',
  '6.8': 'UTF-8 string reply is required, but not permitted by the SMTP client',
  '6.9': 'UTF-8 header message cannot be transferred to one or more recipients',
  '6.10': 'duplicate of 6.8',
  '7.0': 'other or undefined security status',
  '7.1': 'delivery not authorized, message refused',
  '7.2': 'mailing list expansion prohibited',
  '7.3': 'security conversion required but not possible',
  '7.4': 'security features not supported',
  '7.5': 'cryptographic failure',
  '7.6': 'cryptographic algorithm not supported',
  '7.7': 'message integrity failure',
  '7.8': 'authentication credentials invalid',
  '7.9': 'authentication mechanism is too weak',
  '7.10': 'encryption needed',
  '7.11': 'encryption required for requested authentication mechanism',
  '7.12': 'a password transition is needed',
  '7.13': 'user account disabled',
  '7.14': 'trust relationship required',
  '7.15': 'priority level is too low',
  '7.16': 'message is too big for the specified priority',
  '7.17': 'mailbox owner has changed',
  '7.18': 'domain owner has changed',
  '7.19': 'RRVS test cannot be completed',
  '7.20': 'no passing DKIM signature found',
  '7.21': 'no acceptable DKIM signature found',
  '7.22': 'no valid author-matched DKIM signature found',
  '7.23': 'SPF validation failed',
  '7.24': 'SPF validation error',
  '7.25': 'reverse DNS validation failed',
  '7.26': 'multiple authentication checks failed',
  '7.27': 'sender address has null MX',
  '7.28': 'mail flood detected',
  '7.29': 'ARC validation failure',
  '7.30': 'REQUIRETLS support required',
};

/** The same names for Japanese readers (RFC 3463 has no official Japanese text; these follow its wording). */
const DETAILS_JA: Record<string, string> = {
  '0.0': 'その他の未定義の状態',
  '1.0': 'その他のアドレスの状態',
  '1.1': '宛先メールボックスのアドレスが不正（該当ユーザーなし）',
  '1.2': '宛先システムのアドレスが不正（該当ドメインなし）',
  '1.3': '宛先メールボックスのアドレスの構文が不正',
  '1.4': '宛先メールボックスのアドレスがあいまい',
  '1.5': '宛先アドレスは有効',
  '1.6': '宛先メールボックスは移動済みで、転送先なし',
  '1.7': '送信者メールボックスのアドレスの構文が不正',
  '1.8': '送信者システムのアドレスが不正',
  '1.9': '規格に従わないメールサーバーに中継された',
  '1.10': '宛先アドレスが null MX',
  '2.0': 'その他の未定義のメールボックスの状態',
  '2.1': 'メールボックスが無効で、受信していない',
  '2.2': 'メールボックスが満杯',
  '2.3': 'メッセージの長さが管理上の上限を超えている',
  '2.4': 'メーリングリストの展開に問題がある',
  '3.0': 'その他の未定義のメールシステムの状態',
  '3.1': 'メールシステムが満杯',
  '3.2': 'システムがネットワークからのメッセージを受け付けていない',
  '3.3': 'システムが指定された機能に対応していない',
  '3.4': 'メッセージがシステムにとって大きすぎる',
  '3.5': 'システムの設定が誤っている',
  '3.6': '要求された優先度が変更された',
  '4.0': 'その他の未定義のネットワーク・経路の状態',
  '4.1': 'ホストから応答がない',
  '4.2': '接続不良',
  '4.3': 'ディレクトリサーバーの障害',
  '4.4': '経路を決定できない',
  '4.5': 'メールシステムの輻輳',
  '4.6': '経路のループを検出',
  '4.7': '配送の期限切れ',
  '5.0': 'その他の未定義のプロトコルの状態',
  '5.1': '無効なコマンド',
  '5.2': '構文エラー',
  '5.3': '宛先が多すぎる',
  '5.4': '無効なコマンド引数',
  '5.5': 'プロトコルのバージョンが違う',
  '5.6': '認証のやり取りの行が長すぎる',
  '6.0': 'その他の未定義のメディアのエラー',
  '6.1': '対応していないメディア',
  '6.2': '変換が必要だが禁止されている',
  '6.3': '変換が必要だが対応していない',
  '6.4': '情報の欠落を伴う変換を行った',
  '6.5': '変換に失敗',
  '6.6': 'メッセージの内容を取得できない',
  '6.7': 'この送信者・宛先には ASCII 以外のアドレスを使えない',
  '6.8': 'UTF-8 の応答文字列が必要だが、SMTP クライアントが許可していない',
  '6.9': 'UTF-8 ヘッダーのメッセージを一部の宛先に転送できない',
  '6.10': '6.8 と同じ',
  '7.0': 'その他の未定義のセキュリティの状態',
  '7.1': '配送が許可されず、メッセージは拒否された',
  '7.2': 'メーリングリストの展開が禁止されている',
  '7.3': 'セキュリティ上の変換が必要だが実行できない',
  '7.4': 'セキュリティ機能に対応していない',
  '7.5': '暗号処理の失敗',
  '7.6': '対応していない暗号アルゴリズム',
  '7.7': 'メッセージの完全性の検証に失敗',
  '7.8': '認証情報が無効',
  '7.9': '認証方式が弱すぎる',
  '7.10': '暗号化が必要',
  '7.11': '要求された認証方式には暗号化が必要',
  '7.12': 'パスワードの移行が必要',
  '7.13': 'ユーザーアカウントが無効',
  '7.14': '信頼関係が必要',
  '7.15': '優先度が低すぎる',
  '7.16': '指定された優先度に対してメッセージが大きすぎる',
  '7.17': 'メールボックスの所有者が変わった',
  '7.18': 'ドメインの所有者が変わった',
  '7.19': 'RRVS の検査を完了できない',
  '7.20': '合格する DKIM 署名がない',
  '7.21': '受け入れられる DKIM 署名がない',
  '7.22': '作成者（From）と一致する有効な DKIM 署名がない',
  '7.23': 'SPF の検証に失敗',
  '7.24': 'SPF の検証でエラー',
  '7.25': '逆引き DNS の検証に失敗',
  '7.26': '複数の認証チェックに失敗',
  '7.27': '送信者アドレスが null MX',
  '7.28': '大量のメール送信（フラッド）を検出',
  '7.29': 'ARC の検証に失敗',
  '7.30': 'REQUIRETLS への対応が必要',
};

const CLASSES_JA: Record<number, string> = { 2: '成功', 4: '一時的な失敗', 5: '恒久的な失敗' };

const SUBJECTS_JA: Record<number, string> = {
  0: 'その他・未定義',
  1: 'アドレス',
  2: 'メールボックス',
  3: 'メールシステム',
  4: 'ネットワーク・経路',
  5: '配送プロトコル',
  6: 'メッセージの内容・メディア',
  7: 'セキュリティ・ポリシー',
};

/** An enhanced status code anywhere in a reply: `5.7.26`, `4.4.7` (RFC 3463 §2 syntax). */
export const ENHANCED_STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

/**
 * Decodes `class.subject.detail`. Returns undefined for text that is not such a code.
 *
 * @example decodeStatus('4.7.1')?.detailText // 'delivery not authorized, message refused'
 */
export function decodeStatus(code: string): DecodedStatus | undefined {
  const m = /^\s*([245])\.(\d{1,3})\.(\d{1,3})\s*$/.exec(code);
  if (!m) return undefined;
  const cls = Number(m[1]);
  const subject = Number(m[2]);
  const detail = Number(m[3]);
  const out: DecodedStatus = {
    code: `${cls}.${subject}.${detail}`,
    class: cls,
    subject,
    detail,
    classText: CLASSES[cls] as string,
    subjectText: SUBJECTS[subject] ?? 'unregistered subject',
    permanent: cls === 5,
  };
  const text = DETAILS[`${subject}.${detail}`];
  if (text !== undefined) out.detailText = text;
  return out;
}

/**
 * One line for a person: `5.7.26 permanent failure; security or policy status: multiple
 * authentication checks failed`, or in Japanese `5.7.26 恒久的な失敗。セキュリティ・ポリシー: 複数の認証チェックに失敗`.
 */
export function describeStatus(d: DecodedStatus, lang: 'en' | 'ja' = 'en'): string {
  if (lang === 'ja') {
    const subject = SUBJECTS_JA[d.subject] ?? '未登録の分類';
    const detail = DETAILS_JA[`${d.subject}.${d.detail}`] ?? `詳細コード ${d.detail}（未登録）`;
    return `${d.code} ${CLASSES_JA[d.class]}。${subject}: ${detail}`;
  }
  return `${d.code} ${d.classText}; ${d.subjectText}: ${d.detailText ?? `detail ${d.detail} (not registered)`}`;
}
