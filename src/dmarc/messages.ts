/** The DMARC capability's message catalog: every sentence of its findings, in every language. */
import { defineMessages } from '../core/i18n.js';

export const dmarcMessages = defineMessages({
  'dmarc.source.unauthorised': {
    en: {
      title: '{ip} ({ptr}) sent {count} message(s) as {domain} that failed both SPF and DKIM alignment',
      detail:
        'Reported by {reporters}. Neither an aligned DKIM signature nor an aligned SPF pass: either someone is spoofing {domain}, or a service you use sends as {domain} without being set up for it.',
      fix: 'If you know this sender (a newsletter service, a web form, a printer), add its IP or include: to the SPF record of {domain} and have it sign with DKIM as {domain}. If you do not, it is spoofing: move the DMARC policy of {domain} to p=quarantine, then p=reject.',
    },
    ja: {
      title:
        '{ip} ({ptr}) が {domain} を名乗って送った {count} 通が SPF と DKIM の両方のアライメントに失敗しています',
      detail:
        '報告元: {reporters}。アライメントが取れた DKIM 署名も、アライメントが取れた SPF の合格もありません。{domain} がなりすましに使われているか、利用中のサービスが設定なしで {domain} として送信しています。',
      fix: '心当たりのある送信元 (メール配信サービス、Web フォーム、複合機など) なら、{domain} の SPF レコードにその IP か include: を追加し、{domain} として DKIM 署名させてください。心当たりがなければなりすましです。{domain} の DMARC ポリシーを p=quarantine、次に p=reject に強めてください。',
    },
  },
  'dmarc.spf.missing-sender': {
    en: {
      title: '{ip} ({ptr}) signs as {domain} with DKIM but is not in its SPF record ({count} message(s))',
      detail:
        'Reported by {reporters}. DKIM passes and aligns, so DMARC passed; SPF did not. This is a legitimate-looking sender missing from SPF — or mail forwarded by a third party, which always breaks SPF.',
      fix: 'If {ip} is your server or a service you use, add "ip4:{ip}" (or the service\'s include:) to the SPF TXT record of {domain}; check with: netdoctor dns lookup {domain} --type TXT. If it is a forwarder, nothing needs to change.',
    },
    ja: {
      title:
        '{ip} ({ptr}) は {domain} として DKIM 署名していますが、SPF レコードに含まれていません ({count} 通)',
      detail:
        '報告元: {reporters}。DKIM が合格しアライメントも取れているため DMARC は合格ですが、SPF は不合格でした。正規に見える送信元が SPF から漏れているか、第三者による転送 (転送では SPF は必ず失敗します) です。',
      fix: '{ip} が自分のサーバーや利用中のサービスなら、{domain} の SPF TXT レコードに「ip4:{ip}」(またはサービスの include:) を追加してください。確認: netdoctor dns lookup {domain} --type TXT。転送サーバーなら変更は不要です。',
    },
  },
  'dmarc.dkim.other-domain': {
    en: {
      title: 'Mail from {domain} is DKIM-signed by {signer}, not by {domain} ({count} message(s))',
      detail:
        'The signature by {signer} is valid but does not align with the header From {domain}, so it does not count for DMARC. Sources: {sources}.',
      fix: 'In the sending service (for {signer}), set up DKIM for your own domain {domain} ("custom DKIM domain"), and publish the CNAME/TXT records it gives you in the zone of {domain}.',
    },
    ja: {
      title: '{domain} のメールが {domain} ではなく {signer} で DKIM 署名されています ({count} 通)',
      detail:
        '{signer} の署名は有効ですが、ヘッダー From の {domain} とアライメントが取れないため DMARC では数えられません。送信元: {sources}。',
      fix: '送信サービス ({signer}) の設定で自ドメイン {domain} の DKIM 署名 (独自ドメイン DKIM) を有効にし、案内される CNAME/TXT レコードを {domain} のゾーンに登録してください。',
    },
  },
  'dmarc.policy.none': {
    en: {
      title:
        '{domain} publishes p=none: {failing} of {total} reported message(s) failed DMARC and were delivered anyway',
      detail:
        'With p=none receivers only report. A policy of quarantine or reject would have sent these {failing} message(s) to spam or refused them.',
      fix: 'Fix the legitimate sources among the failures first (see the findings above), then change the _dmarc.{domain} TXT record to "v=DMARC1; p=quarantine; pct=25; rua=mailto:…" and raise pct step by step to 100 and p=reject.',
    },
    ja: {
      title:
        '{domain} のポリシーは p=none です: 報告された {total} 通のうち {failing} 通が DMARC に失敗しましたが、そのまま配送されました',
      detail:
        'p=none では受信側は報告するだけです。quarantine か reject であれば、この {failing} 通は迷惑メール扱いか受信拒否になっていました。',
      fix: 'まず失敗した送信元のうち正規のもの (上の指摘) を直し、その後 _dmarc.{domain} の TXT レコードを「v=DMARC1; p=quarantine; pct=25; rua=mailto:…」に変え、pct を段階的に 100 まで上げてから p=reject にしてください。',
    },
  },
  'dmarc.domain.pass': {
    en: { title: '{domain}: all {total} reported message(s) passed DMARC ({reports} report(s))' },
    ja: { title: '{domain}: 報告された {total} 通すべてが DMARC に合格しました (レポート {reports} 件)' },
  },
  'dmarc.domain.partial': {
    en: {
      title: '{domain}: {passed} of {total} reported message(s) passed DMARC ({rate}%, {reports} report(s))',
    },
    ja: {
      title:
        '{domain}: 報告された {total} 通のうち {passed} 通が DMARC に合格しました ({rate}%、レポート {reports} 件)',
    },
  },
  'dmarc.failure.report': {
    en: {
      title: 'Failure report(s) from {reporter}: {count} mail(s) as {domain} from {ip} failed {failed}',
      detail: 'The failed message claimed to be from {from}; every report is in the evidence.',
      fix: 'If {ip} is yours, fix its SPF/DKIM for {domain}; if not, it is spoofing, and a stricter DMARC policy (p=quarantine or p=reject) protects {domain}.',
    },
    ja: {
      title:
        '{reporter} からの失敗レポート: {ip} から {domain} を名乗ったメール {count} 通が {failed} に失敗しました',
      detail: '失敗したメールの差出人は {from} でした。すべてのレポートは evidence にあります。',
      fix: '{ip} が自分の送信元なら {domain} の SPF/DKIM を直してください。そうでなければなりすましです。DMARC ポリシーを強める (p=quarantine か p=reject) と {domain} を守れます。',
    },
  },
  'dmarc.tls.ok': {
    en: { title: '{domain}: all {total} TLS session(s) reported by {reporter} succeeded' },
    ja: { title: '{domain}: {reporter} が報告した TLS セッション {total} 件はすべて成功しました' },
  },
  'dmarc.tls.failures': {
    en: {
      title: '{domain}: {failed} of {total} TLS session(s) reported by {reporter} failed ({types})',
      detail:
        'Senders could not set up TLS to your MX as your MTA-STS or DANE policy demands; with mode: enforce they do not deliver.',
      fix: 'Check the MX certificate (names, chain, expiry: openssl s_client -starttls smtp -connect <mx>:25) and that the mx: lines of the MTA-STS policy of {domain} list every MX host.',
    },
    ja: {
      title:
        '{domain}: {reporter} が報告した TLS セッション {total} 件のうち {failed} 件が失敗しました ({types})',
      detail:
        '送信側は MTA-STS や DANE のポリシーどおりに MX と TLS を確立できませんでした。mode: enforce では配送されません。',
      fix: 'MX の証明書 (名前、チェーン、有効期限: openssl s_client -starttls smtp -connect <mx>:25) と、{domain} の MTA-STS ポリシーの mx: 行がすべての MX ホストを含んでいるかを確認してください。',
    },
  },
  'dmarc.input.unreadable': {
    en: {
      title: '{count} input(s) could not be read: {inputs}',
      detail: 'Each is named with its problem on stderr and in the evidence; the other inputs were read.',
      fix: 'Look at the named files: a truncated download, a non-DMARC attachment or a hostile archive. Raise --max-size only for a genuine report larger than the cap.',
    },
    ja: {
      title: '{count} 件の入力を読めませんでした: {inputs}',
      detail: 'それぞれの問題は標準エラー出力と evidence に書かれています。ほかの入力は読み込みました。',
      fix: '指定されたファイルを確認してください (途中で切れたダウンロード、DMARC 以外の添付、悪意のあるアーカイブなど)。--max-size は上限を超える正規のレポートのときだけ上げてください。',
    },
  },
  'dmarc.record.refused': {
    en: {
      title: '{count} record(s) in {reports} report(s) were refused and not counted: {reasons}',
      detail:
        "A record with no or a malformed <source_ip>, an impossible <count>, or a report period that ends in the future or before it begins cannot be believed; it is left out of every sum and never stored. The reports' other records, reporter and period were kept. Each refused record is in the evidence.",
      fix: 'Nothing to change in your DNS. If one reporter keeps sending such records, tell it (the address in the report) — or treat its reports as hostile.',
    },
    ja: {
      title: '{reports} 件のレポートのうち {count} 件のレコードを信用できないため除外しました: {reasons}',
      detail:
        '<source_ip> が空または IP アドレスでない、<count> があり得ない値、報告期間が未来に終わるか始まりより前に終わる――このようなレコードは信用できないため、集計にも保存にも含めません。同じレポートのほかのレコード、報告元、期間はそのまま使っています。除外した各レコードは evidence にあります。',
      fix: 'DNS の変更は不要です。同じ報告元が繰り返し送ってくる場合は、レポートに書かれたアドレスに知らせるか、その報告元のレポートを悪意あるものとして扱ってください。',
    },
  },
  'dmarc.ingest.stored': {
    en: {
      title:
        'Stored {stored} new report(s) in {db}; {duplicates} were already there, {skipped} not kept (failure/TLS reports, or no record believable)',
    },
    ja: {
      title:
        '{db} に新しいレポートを {stored} 件保存しました。{duplicates} 件は保存済み、{skipped} 件は保存対象外 (失敗レポート/TLS レポート、または信用できるレコードがないもの) です',
    },
  },
  'dmarc.history.domain': {
    en: {
      title:
        '{domain}: {passed} of {total} message(s) passed DMARC since {since} ({rate}%, {reports} report(s))',
    },
    ja: {
      title:
        '{domain}: {since} 以降 {total} 通のうち {passed} 通が DMARC に合格しました ({rate}%、レポート {reports} 件)',
    },
  },
  'dmarc.history.empty': {
    en: {
      title: 'No stored reports match (since {since}, domain {domain})',
      fix: 'Store reports first: netdoctor dmarc ingest <files|Maildir> --db {db}',
    },
    ja: {
      title: '条件に合う保存済みレポートがありません ({since} 以降、ドメイン {domain})',
      fix: '先にレポートを保存してください: netdoctor dmarc ingest <ファイル|Maildir> --db {db}',
    },
  },
});
