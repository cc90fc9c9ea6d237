/** The scan capability's error sentences, in every language (see core/errors.ts). */
import { defineErrors } from '../core/errors.js';

export const SCAN_ERRORS = defineErrors('scan', {
  notPort: {
    en: '"{item}" is not a port, a range (1-1024), top100, top1000 or all',
    ja: '「{item}」はポート番号・範囲（1-1024）・top100・top1000・all のどれでもありません',
  },
  portRange: {
    en: 'port {port} is out of range (ports are 1-65535)',
    ja: 'ポート番号 {port} は範囲外です（1〜65535）',
  },
  noPorts: { en: 'no ports given', ja: 'ポートが指定されていません' },
  topCount: {
    en: '"{item}": top needs a count from 1 to {max}',
    ja: '「{item}」: top の後には 1〜{max} の数を付けてください',
  },
  needsNmapTable: {
    en: '"{item}" needs nmap\'s port-frequency table {file} (Debian package nmap-common); give ports as a list or range instead',
    ja: '「{item}」には nmap のポート頻度表 {file}（Debian パッケージ nmap-common）が必要です。ポートを列挙するか範囲で指定してください',
  },
  rangeBackwards: {
    en: '"{item}": the range runs backwards',
    ja: '「{item}」: 範囲の始まりが終わりより大きくなっています',
  },
  outOfRange: {
    en: 'must be from {min} to {max} (got {value})',
    ja: '{min}〜{max} の範囲で指定してください（指定値: {value}）',
  },
  notCidr: {
    en: 'not a CIDR block (expected address/prefix, e.g. 192.0.2.0/24)',
    ja: 'CIDR 表記ではありません（アドレス/プレフィックス長、例: 192.0.2.0/24）',
  },
  prefixV4: {
    en: 'prefix /{prefix} is out of range for IPv4 (0-32)',
    ja: 'プレフィックス長 /{prefix} は IPv4 の範囲（0〜32）外です',
  },
  prefixV6: {
    en: 'prefix /{prefix} is out of range for IPv6 (0-128)',
    ja: 'プレフィックス長 /{prefix} は IPv6 の範囲（0〜128）外です',
  },
  blockTooBig: {
    en: '/{prefix} holds {size} addresses; the most per run is {limit}',
    ja: '/{prefix} には {size} 個のアドレスがあります。1 回に調べられるのは {limit} 個までです',
  },
  notIpBase: {
    en: '"{base}" is not an IPv4 or IPv6 address',
    ja: '「{base}」は IPv4 アドレスでも IPv6 アドレスでもありません',
  },
  cannotResolve: {
    en: 'cannot resolve the name to scan ({why} from {server})',
    ja: 'スキャン対象の名前を解決できません（{server} の応答: {why}）',
  },
  noTargets: {
    en: 'name at least one target (address, CIDR block or host name)',
    ja: '対象を 1 つ以上指定してください（アドレス、CIDR ブロック、ホスト名）',
  },
  tooManyAddresses: {
    en: 'more than {max} addresses in one run',
    ja: '1 回に調べるアドレスが {max} 個を超えています',
  },
  badAddress: {
    en: 'not a valid IPv4 or IPv6 address',
    ja: '正しい IPv4 / IPv6 アドレスではありません',
  },
  notTarget: {
    en: 'not an address, CIDR block or host name',
    ja: 'アドレス・CIDR ブロック・ホスト名のどれでもありません',
  },
  needsYes: {
    en: '{count} addresses to scan; more than {max} must be confirmed (scan only networks you run)',
    ja: 'スキャン対象が {count} 個あります。{max} 個を超える場合は確認が必要です（自分で管理するネットワークだけをスキャンしてください）',
  },
});
