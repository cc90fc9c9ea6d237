/** The LAN capability's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const LAN_ERRORS = defineErrors('lan', {
  notInstalled: { en: '{program} is not installed', ja: '{program} がインストールされていません' },
  programFailed: { en: '{command} failed: {why}', ja: '{command} が失敗しました: {why}' },
  notInterface: { en: 'not an interface name', ja: 'インターフェース名ではありません' },
  notSubnet: {
    en: 'not an IPv4 subnet (e.g. 192.168.1.0/24)',
    ja: 'IPv4 のサブネットではありません（例: 192.168.1.0/24）',
  },
  bigSweep: {
    en: '{count} addresses to sweep; confirm more than {limit}',
    ja: 'スイープするアドレスが {count} 個あります。{limit} 個を超える場合は確認が必要です',
  },
  notJson: {
    en: '{command} printed something that is not JSON',
    ja: '{command} の出力が JSON ではありません',
  },
  notKea: { en: 'not Kea JSON: {why}', ja: 'Kea の JSON ではありません: {why}' },
  notNeigh: { en: 'not {command} output: {why}', ja: '{command} の出力ではありません: {why}' },
  notArpdat: {
    en: 'not an arp.dat line (expected MAC<TAB>IPv4<TAB>epoch[<TAB>hostname[<TAB>interface]])',
    ja: 'arp.dat の行ではありません（MAC<TAB>IPv4<TAB>時刻[<TAB>ホスト名[<TAB>インターフェース]] の形が必要です）',
  },
  secondBegin: {
    en: 'line {line}: a second "{begin}" marker; keep one block',
    ja: '{line} 行目: 「{begin}」の印が二つ目です。ブロックは一つにしてください',
  },
  endWithoutBegin: {
    en: 'line {line}: "{end}" without "{begin}" before it',
    ja: '{line} 行目: 「{end}」の前に「{begin}」がありません',
  },
  beginWithoutEnd: {
    en: '"{begin}" has no "{end}" after it',
    ja: '「{begin}」の後に「{end}」がありません',
  },
  noMarkers: {
    en: 'no "{begin}" / "{end}" lines: put them where the generated part belongs',
    ja: '「{begin}」「{end}」の行がありません。生成する部分を入れる場所に書いてください',
  },
  unknownTarget: {
    en: 'unknown target "{target}" (known: {known})',
    ja: '不明なターゲット「{target}」です（指定できるもの: {known}）',
  },
  notInPlan: {
    en: 'not in the saved plan; save the plan again with lan diff',
    ja: '保存した計画に含まれていません。lan diff で計画を保存し直してください',
  },
  changedSinceDiff: {
    en: 'the live file changed since lan diff; nothing written — review it with lan diff again',
    ja: 'lan diff の後で稼働中のファイルが変わりました。何も書き込んでいません。lan diff で確認し直してください',
  },
  inventoryChanged: {
    en: 'the inventory now gives other contents than the diff showed; nothing written — run lan diff again',
    ja: 'インベントリーから作られる内容が diff で見たものと違います。何も書き込んでいません。lan diff をやり直してください',
  },
  noValidator: {
    en: 'the validator {program} is not installed (install it, or apply without validation)',
    ja: '検証プログラム {program} がインストールされていません（インストールするか、検証なしで適用してください）',
  },
  cannotWriteBeside: {
    en: 'cannot write beside it: {why}',
    ja: '同じディレクトリに書き込めません: {why}',
  },
  changedWhileApplying: {
    en: 'the live file changed while applying; nothing written',
    ja: '適用中に稼働中のファイルが変わりました。何も書き込んでいません',
  },
  binary: {
    en: 'binary data (a NUL byte): not a configuration file or host list',
    ja: 'バイナリデータです（NUL バイトを含みます）。設定ファイルやホスト一覧ではありません',
  },
  unknownFormat: {
    en: 'cannot tell what this file is (dhcpd.conf, Kea JSON, dnsmasq, zone, hosts, ethers, arp.dat, ip neigh JSON); name its format',
    ja: 'ファイルの形式がわかりません（dhcpd.conf、Kea JSON、dnsmasq、ゾーン、hosts、ethers、arp.dat、ip neigh の JSON）。形式を指定してください',
  },
  yaml: { en: 'not valid YAML: {why}', ja: 'YAML として正しくありません: 「{why}」' },
  notMapping: {
    en: 'an inventory is a YAML mapping with "site:" and "devices:"',
    ja: 'インベントリーは「site:」と「devices:」を持つ YAML のマッピングです',
  },
  noSite: {
    en: 'no "site:" section (domain, subnets, targets)',
    ja: '「site:」の節（domain、subnets、targets）がありません',
  },
  noIeeeData: {
    en: 'no IEEE registry CSV (oui.csv, mam.csv, oui36.csv, iab.csv) found; install Debian ieee-data',
    ja: 'IEEE の登録データ（oui.csv、mam.csv、oui36.csv、iab.csv）が見つかりません。Debian の ieee-data をインストールしてください',
  },
  zone: { en: '{why}', ja: '{why}' },
  noSoa: { en: 'the zone has no SOA record', ja: 'ゾーンに SOA レコードがありません' },
  noSerial: { en: 'cannot find the SOA serial', ja: 'SOA のシリアル番号が見つかりません' },
  noOrigin: {
    en: 'the zone has no $ORIGIN; name its domain',
    ja: 'ゾーンに $ORIGIN がありません。ドメインを指定してください',
  },
});
