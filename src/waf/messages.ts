/** The WAF log findings, in English and Japanese (every id is in the README's findings table). */
import { defineMessages } from '../core/i18n.js';

export const wafMessages = defineMessages({
  'waf.input.problem': {
    en: {
      title: '{input}: {problem}',
      detail: '{count} problem(s) in this input; the rest was read.',
      fix: 'Check the file (is it a ModSecurity audit log, complete, readable by this user?) and run again.',
    },
    ja: {
      title: '{input}: {problem}',
      detail: 'この入力で問題が {count} 件ありました。残りは読み込みました。',
      fix: 'ファイルを確認してください（ModSecurity の監査ログか、途中で切れていないか、このユーザーで読めるか）。確認後にもう一度実行してください。',
    },
  },
  'waf.input.unparsed': {
    en: {
      title:
        '{input}: {count} audit-log entries or lines could not be read (cut, malformed or not an audit log)',
      detail: 'First: {sample}',
      fix: 'An entry without its Z boundary was cut (a full disk, a rotation during a write, a crashed server): check the disk and SecAuditLogType. Text that is not an audit log suggests the wrong file (SecAuditLog names the index in Concurrent mode: read SecAuditLogStorageDir instead).',
    },
    ja: {
      title:
        '{input}: 監査ログのエントリーまたは行 {count} 件を読めませんでした（途中で切れている、壊れている、監査ログではない）',
      detail: '最初の例: 「{sample}」',
      fix: 'Z 境界のないエントリーは途中で切れています（ディスク満杯、書き込み中のローテーション、サーバーの異常終了）。ディスクと SecAuditLogType を確認してください。監査ログでないテキストは別のファイルの可能性があります（Concurrent モードの SecAuditLog は索引です。SecAuditLogStorageDir を読んでください）。',
    },
  },
  'waf.no-entries': {
    en: {
      title: 'No ModSecurity audit-log entries in {inputs}',
      fix: 'Point at the file named by SecAuditLog (Serial) or the directory named by SecAuditLogStorageDir (Concurrent); check that SecAuditEngine is On or RelevantOnly.',
    },
    ja: {
      title: '{inputs} に ModSecurity の監査ログのエントリーがありません',
      fix: 'SecAuditLog のファイル（Serial）か SecAuditLogStorageDir のディレクトリ（Concurrent）を指定してください。SecAuditEngine が On か RelevantOnly になっているかも確認してください。',
    },
  },
  'waf.engine.detection-only': {
    en: {
      title:
        'ModSecurity only detects: {count} of {entries} transactions were logged in DetectionOnly mode, nothing was blocked',
      fix: 'Once the false positives below are excluded, set SecRuleEngine On (in /etc/modsecurity/modsecurity.conf) and reload the web server.',
    },
    ja: {
      title:
        'ModSecurity は検知のみです: {entries} 件中 {count} 件の通信が DetectionOnly モードで記録され、何も遮断されていません',
      fix: '下の誤検知を除外したら、/etc/modsecurity/modsecurity.conf で SecRuleEngine On にしてウェブサーバーを再読み込みしてください。',
    },
  },
  'waf.attack.passed': {
    en: {
      title: '{count} requests matched attack rules but were answered normally (status below 400)',
      detail: 'Paths: {uris}',
      fix: 'Either the anomaly score stayed below the threshold (tx.inbound_anomaly_score_threshold in crs-setup.conf) or the rule engine is DetectionOnly. Look at these requests: a real attack that passed needs the application fixed; a false positive needs an exclusion.',
    },
    ja: {
      title:
        '攻撃ルールに一致したのに通常どおり応答したリクエストが {count} 件あります（ステータス 400 未満）',
      detail: 'パス: {uris}',
      fix: '異常スコアがしきい値（crs-setup.conf の tx.inbound_anomaly_score_threshold）に届かなかったか、ルールエンジンが DetectionOnly です。これらのリクエストを確認し、本物の攻撃が通っていればアプリケーションを修正し、誤検知なら除外を追加してください。',
    },
  },
  'waf.source.heavy': {
    en: {
      title: '{source} was blocked {blocked} times ({entries} requests; rule families {families})',
      fix: 'Block this address before the web server, e.g. firewall-cmd --permanent --add-rich-rule=\'rule family="{family}" source address="{source}" drop\' && firewall-cmd --reload (or nft add rule inet filter input ip saddr {source} drop), or with fail2ban\'s apache-modsecurity jail.',
    },
    ja: {
      title: '{source} が {blocked} 回遮断されました（リクエスト {entries} 件、ルール系統 {families}）',
      fix: 'ウェブサーバーの手前でこのアドレスを遮断してください。例: firewall-cmd --permanent --add-rich-rule=\'rule family="{family}" source address="{source}" drop\' && firewall-cmd --reload（または nft add rule inet filter input ip saddr {source} drop）、あるいは fail2ban の apache-modsecurity ジェイル。',
    },
  },
  'waf.scanner.seen': {
    en: {
      title: 'Security scanners probed the site: {count} requests from {sources} source(s) ({agents})',
      fix: 'Nothing to do if you run the scanner yourself; otherwise these sources are looking for weaknesses: block them upstream and keep the software they probe for up to date.',
    },
    ja: {
      title: 'セキュリティスキャナーによる調査がありました: {sources} か所から {count} 件（{agents}）',
      fix: '自分で実行したスキャナーなら対応は不要です。そうでなければ弱点を探しているアクセスなので、手前で遮断し、狙われているソフトウェアを最新に保ってください。',
    },
  },
  'waf.fp.candidate': {
    en: {
      title:
        'Rule {rule} ({family}) fired {hits} times on {target} at {host}{path} from {sources} client(s): a false positive?',
      detail: 'Rule message: {msg}. Example: {example}',
      fix: 'Look at a few of these requests. If they are legitimate, exclude only this parameter from this rule on this path, before the CRS include: {runtime} — or on every path, after the CRS include: {configure} — then test the configuration (apachectl configtest) and reload.',
    },
    ja: {
      title:
        'ルール {rule}（{family}）が {host}{path} の {target} で {hits} 回、{sources} か所のクライアントから発動しています。誤検知ではありませんか',
      detail: 'ルールのメッセージ: 「{msg}」。例: 「{example}」',
      fix: 'いくつかのリクエストを確認してください。正当なものなら、このパスでこのルールからこのパラメーターだけを除外します（CRS を読み込む前に置く）: {runtime} — またはすべてのパスで除外します（CRS を読み込んだ後に置く）: {configure} — 設定を確認（`apachectl configtest`）してから再読み込みしてください。',
    },
  },
  'waf.blocked': {
    en: {
      title: '{blocked} of {entries} logged requests were blocked; most often {families}',
      detail: 'Anomaly score up to {maxScore}.',
    },
    ja: {
      title: '記録されたリクエスト {entries} 件のうち {blocked} 件を遮断しました。多いのは {families} です',
      detail: '異常スコアの最大値は {maxScore} です。',
    },
  },
  'waf.quiet': {
    en: { title: '{entries} logged requests, no rule fired on any of them' },
    ja: { title: '記録されたリクエストは {entries} 件で、どれにもルールは発動していません' },
  },
});
