/**
 * The site doctor's own findings: the parts it could not run, the certificates it saw, the
 * monitor's state as the store holds it, and what the store did not have. Every other finding of
 * a doctor report is the composed capability's own (dns, mail, scan, dmarc), worded there.
 */
import { defineMessages } from '../core/i18n.js';

export const doctorMessages = defineMessages({
  'doctor.part.failed': {
    en: {
      title: '{part} could not be checked: {problem}',
      detail: 'The rest of the report stands; this concern is missing from it.',
      fix: 'Fix what the message names (a DNS server that does not answer, a typo in an option), then run netdoctor doctor again.',
    },
    ja: {
      title: '{part}を確認できませんでした: {problem}',
      detail: 'レポートのほかの部分は有効ですが、この項目は含まれていません。',
      fix: 'メッセージが示す原因（応答しない DNS サーバー、オプションの誤記など）を直してから、netdoctor doctor をもう一度実行してください。',
    },
  },
  'doctor.hosts.none': {
    en: {
      title: '{domain}: no host to examine (no MX, no A/AAAA for the domain or www, no --ip given)',
      detail: 'Exposure and certificates need addresses; the domain publishes none.',
      fix: 'Name the servers yourself: netdoctor doctor {domain} --ip 192.0.2.10',
    },
    ja: {
      title:
        '{domain}: 調べるホストがありません（MX も、ドメインと www の A/AAAA も、--ip の指定もありません）',
      detail: '公開状況と証明書の確認にはアドレスが必要ですが、このドメインは公開していません。',
      fix: 'サーバーを直接指定してください: netdoctor doctor {domain} --ip 192.0.2.10',
    },
  },
  'doctor.tls.certificate': {
    en: {
      title:
        '{address} port {port} ({service}): certificate for {subject} valid until {validTo} ({days} days left)',
      detail: 'Issued by {issuer}.',
    },
    ja: {
      title:
        '{address} のポート {port} ({service}): {subject} の証明書は {validTo} まで有効（残り {days} 日）',
      detail: '発行者: {issuer}',
    },
  },
  'doctor.monitor.state': {
    en: {
      title: 'Monitor check {check}: {state} (last result {at}: {finding})',
      detail: 'The latest result the monitor kept in the store.',
      fix: 'See the check with: netdoctor monitor status --json; its history with: netdoctor monitor history --check {check}',
    },
    ja: {
      title: '監視チェック {check}: {state}（最新の結果 {at}: {finding}）',
      detail: '監視が保存先に記録した最新の結果です。',
      fix: 'netdoctor monitor status --json でチェックを、netdoctor monitor history --check {check} で履歴を確認してください。',
    },
  },
  'doctor.store.absent': {
    en: {
      title: 'No store at {db}: the DMARC history and the monitor state are not in this report',
      detail: 'netdoctor keeps them in the store when DMARC reports are ingested and the monitor runs.',
      fix: 'Keep DMARC reports with: netdoctor dmarc ingest reports/ --db {db}; run the monitor with: netdoctor monitor run monitor.yaml --db {db}',
    },
    ja: {
      title: '{db} に保存先がありません: DMARC の履歴と監視の状態はこのレポートに含まれません',
      detail: 'DMARC レポートを取り込み、監視を動かすと、netdoctor はそれらを保存先に記録します。',
      fix: 'DMARC レポートの保存: netdoctor dmarc ingest reports/ --db {db}、監視の実行: netdoctor monitor run monitor.yaml --db {db}',
    },
  },
  'doctor.monitor.none': {
    en: {
      title: 'The store {db} holds no monitor results',
      fix: 'Run the monitor on this store: netdoctor monitor run monitor.yaml --db {db}',
    },
    ja: {
      title: '保存先 {db} に監視の結果がありません',
      fix: 'この保存先で監視を実行してください: netdoctor monitor run monitor.yaml --db {db}',
    },
  },
});
