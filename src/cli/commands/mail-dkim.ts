/** `netdoctor mail dkim keygen|check|rotate`: DKIM keys made, published, checked and rotated. */

import type { Lang } from '../../core/i18n.js';
import { MiB, readInput } from '../../core/input.js';
import {
  checkDkim,
  DKIM_RSA_BITS,
  type DkimCheckResult,
  type DkimKeygenResult,
  type DkimKeyType,
  generateDkimKey,
  parsePlanDate,
  ROTATION_DEFAULTS,
  type RotationPlan,
  type RotationStep,
  rotationPlan,
  type SignerConfig,
} from '../../mail/index.js';
import type { Capability } from '../command.js';
import { tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { table } from '../render/table.js';
import { numberOption, RESOLVER_OPTIONS, resolverFrom } from './shared.js';

const L = (lang: Lang, en: string, ja: string) => (lang === 'ja' ? ja : en);
const indent = (lines: readonly string[], by = '  ') => lines.map((l) => `${by}${l}`);

function signerLines(s: SignerConfig, lang: Lang): string[] {
  return [
    'OpenDKIM',
    ...indent([
      `# /etc/opendkim/KeyTable`,
      s.opendkim.keyTable,
      `# /etc/opendkim/SigningTable`,
      s.opendkim.signingTable,
      L(lang, '# opendkim.conf (once)', '# opendkim.conf（初回のみ）'),
      ...s.opendkim.conf,
      L(lang, '# then', '# その後'),
      ...s.opendkim.reload,
    ]),
    'rspamd',
    ...indent([
      L(
        lang,
        '# /etc/rspamd/local.d/dkim_signing.conf (once)',
        '# /etc/rspamd/local.d/dkim_signing.conf（初回のみ）',
      ),
      ...s.rspamd.conf,
      '# /etc/rspamd/dkim_selectors.map',
      s.rspamd.selectorMap,
      '# /etc/rspamd/dkim_paths.map',
      s.rspamd.pathMap,
      L(lang, '# then', '# その後'),
      ...s.rspamd.reload,
    ]),
  ];
}

function keygenText(r: DkimKeygenResult, lang: Lang): string {
  return [
    L(lang, 'Zone record:', 'ゾーンのレコード:'),
    r.zoneRecord,
    '',
    ...signerLines(r, lang),
    '',
    L(lang, 'Then:', 'その後:'),
    ...indent(r.commands),
  ]
    .map((l) => terminalSafe(l, { keepLines: true }))
    .join('\n');
}

function checkText(r: DkimCheckResult, lang: Lang): string {
  const s = r.result;
  const rows: string[][] = [[L(lang, 'name', '名前'), s.name]];
  if (s.ttl !== undefined) rows.push(['TTL', String(s.ttl)]);
  s.rawRecords.forEach((strings, i) => {
    const sizes = strings.map((x) => Buffer.byteLength(x)).join(' + ');
    rows.push([
      L(lang, `record ${i + 1}`, `レコード ${i + 1}`),
      L(lang, `${strings.length} string(s): ${sizes} bytes`, `文字列 ${strings.length} 個: ${sizes} バイト`),
    ]);
  });
  const k = s.key;
  if (k) {
    for (const [tag, value] of Object.entries(k.tags)) {
      const shown = tag === 'p' && value.length > 40 ? `${value.slice(0, 32)}…(${value.length})` : value;
      rows.push([`${tag}=`, shown]);
    }
    rows.push([
      L(lang, 'key', '鍵'),
      k.revoked
        ? L(lang, 'revoked (empty p=)', '失効（p= が空）')
        : `${k.keyType}${k.bits ? L(lang, `, ${k.bits} bits`, `、${k.bits} ビット`) : ''}`,
    ]);
  }
  if (r.signerKey) {
    const m = r.signerKey.matches;
    rows.push([
      L(lang, 'private key', '秘密鍵'),
      `${r.signerKey.file} (${r.signerKey.type}, 0${r.signerKey.mode.toString(8)})${
        m === undefined ? '' : m ? L(lang, ': matches', ': 一致') : L(lang, ': does not match', ': 不一致')
      }`,
    ]);
  }
  return table(rows.map((row) => row.map((c) => terminalSafe(c))));
}

const STEP_TITLE: Record<RotationStep['kind'], { en: string; ja: string }> = {
  'publish-new': tx(
    'Publish the new selector beside the old one',
    '新しいセレクターを古いものと並べて公開する',
  ),
  'wait-ttl': tx('Wait until every resolver can see it (TTL)', 'すべてのリゾルバーから見えるまで待つ（TTL）'),
  'switch-signer': tx('Switch the signer to the new selector', '署名ソフトを新しいセレクターに切り替える'),
  'keep-old': tx(
    'Keep the old selector published for mail in flight',
    '配送中のメールのために古いセレクターを公開したままにする',
  ),
  'revoke-old': tx(
    'Revoke the old selector (empty p=) and delete its private key',
    '古いセレクターを失効させ（p= を空に）、秘密鍵を削除する',
  ),
};

function rotateText(p: RotationPlan, lang: Lang): string {
  const out: string[] = [];
  for (const s of p.steps) {
    out.push(`${s.n}. ${s.at}  ${STEP_TITLE[s.kind][lang]}`);
    if (s.records.length)
      out.push(...indent([L(lang, '# zone', '# ゾーン'), ...s.records.flatMap((r) => r.split('\n'))]));
    if (s.remove?.length)
      out.push(...indent([L(lang, '# remove from the signer', '# 署名ソフトの設定から削除'), ...s.remove]));
    if (s.signer) out.push(...indent(signerLines(s.signer, lang)));
    if (s.commands.length) out.push(...indent(s.commands));
    out.push(...indent([`${L(lang, 'check', '確認')}: ${s.check.command}   # → ${s.check.expect}`]));
    out.push('');
  }
  return out
    .map((l) => terminalSafe(l, { keepLines: true }))
    .join('\n')
    .trimEnd();
}

const DOMAIN_SELECTOR = {
  selector: {
    type: 'string',
    valueName: 'S',
    description: tx('the selector (<S>._domainkey.<domain>)', 'セレクター（<S>._domainkey.<ドメイン>）'),
  },
} as const;

export const mailDkimCommand: Capability = {
  name: 'mail',
  summary: tx('DKIM keys: generate, check, rotate', 'DKIM 鍵: 作成、確認、切り替え'),
  actions: [
    {
      name: 'dkim keygen',
      summary: tx(
        'Make a DKIM key pair: private key file (0600), zone record, OpenDKIM and rspamd lines.',
        'DKIM の鍵ペアを作ります: 秘密鍵ファイル（0600）、ゾーンのレコード、OpenDKIM と rspamd の設定行。',
      ),
      usage: 'netdoctor mail dkim keygen <domain> --selector S [--type rsa|ed25519] [--bits N] [--out DIR]',
      description: tx(
        'Writes the private key to DIR/<S>.private with mode 0600 (a file that exists is never\n' +
          'overwritten) and prints what to publish: the TXT record split into strings of at most 255\n' +
          'bytes, the KeyTable and SigningTable lines for OpenDKIM, the selector and path map lines\n' +
          'for rspamd, and the commands that reload each. The private key is never printed.',
        '秘密鍵をモード 0600 で DIR/<S>.private に書き込み（既存のファイルは上書きしません）、公開するものを\n' +
          '表示します: 255 バイト以下の文字列に分割した TXT レコード、OpenDKIM の KeyTable と SigningTable の行、\n' +
          'rspamd のセレクターマップとパスマップの行、それぞれを再読み込みするコマンド。秘密鍵は表示しません。',
      ),
      examples: [
        'netdoctor mail dkim keygen example.org --selector s2026 --out /etc/opendkim/keys/example.org',
        'netdoctor mail dkim keygen example.org --selector ed2026 --type ed25519 --json',
      ],
      options: {
        ...DOMAIN_SELECTOR,
        type: {
          type: 'string',
          valueName: 'TYPE',
          description: tx('key type: rsa or ed25519 (RFC 8463)', '鍵の種類: rsa または ed25519（RFC 8463）'),
          defaultText: 'rsa',
        },
        bits: {
          type: 'string',
          valueName: 'N',
          description: tx('RSA key length in bits', 'RSA 鍵の長さ（ビット）'),
          defaultText: String(DKIM_RSA_BITS.default),
        },
        out: {
          type: 'string',
          valueName: 'DIR',
          description: tx('folder to write <S>.private to', '<S>.private を書き込むフォルダー'),
          defaultText: tx('the current folder', 'カレントフォルダー'),
        },
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang }) {
        const bits = numberOption(options, 'bits', { min: 1, max: 65536, integer: true });
        const r = generateDkimKey({
          domain: args[0] as string,
          selector: options.selector as string,
          type: ((options.type as string | undefined) ?? 'rsa') as DkimKeyType,
          ...(bits !== undefined ? { bits } : {}),
          ...(options.out !== undefined ? { outDir: options.out as string } : {}),
        });
        const { findings, ...data } = r;
        return { findings, data, text: keygenText(r, lang) };
      },
    },
    {
      name: 'dkim check',
      summary: tx(
        'Check a published DKIM key: tags, type, size, testing, revoked, split; with --key, that it matches.',
        '公開された DKIM 鍵を確認します: タグ、種類、長さ、テスト、失効、分割。--key で秘密鍵との一致も。',
      ),
      usage:
        'netdoctor mail dkim check <domain> --selector S [--key PRIVATE.pem] [--record FILE] [--server IP[:PORT]]',
      description: tx(
        'Reads <S>._domainkey.<domain> through the resolver (the same reading as `mail audit`), or the\n' +
          'record as written for the zone (--record FILE, - for stdin) before it is published. With --key,\n' +
          'checks that the published public key belongs to the private key the signer uses.',
        '<S>._domainkey.<ドメイン> をリゾルバーで読み（`mail audit` と同じ読み方です）、または公開前にゾーン用に\n' +
          '書いたレコード（--record FILE、- で標準入力）を読みます。--key を指定すると、公開されている公開鍵が\n' +
          '署名ソフトの使う秘密鍵と対になっているかを確認します。',
      ),
      examples: [
        'netdoctor mail dkim check example.org --selector s2026 --key /etc/opendkim/keys/example.org/s2026.private',
        'netdoctor mail dkim check example.org --selector s2026 --record s2026.txt',
        'netdoctor mail dkim check example.org --selector s2025 --server 1.1.1.1 --json',
      ],
      options: {
        ...DOMAIN_SELECTOR,
        key: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'the signer’s private key, to compare with the published key',
            '公開鍵と比べる、署名ソフトの秘密鍵',
          ),
        },
        record: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'check this record text (zone-file line or strings) instead of DNS',
            'DNS の代わりにこのレコード（ゾーンファイルの行または文字列）を確認する',
          ),
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang, stdin }) {
        const record = options.record as string | undefined;
        const recordText =
          record !== undefined
            ? (await readInput(record, { maxBytes: MiB, stdin })).toString('latin1')
            : undefined;
        const r = await checkDkim(recordText === undefined ? resolverFrom(options) : undefined, {
          domain: args[0] as string,
          selector: options.selector as string,
          ...(options.key !== undefined ? { keyFile: options.key as string } : {}),
          ...(recordText !== undefined ? { recordText } : {}),
        });
        const { findings, ...data } = r;
        return { findings, data, text: checkText(r, lang) };
      },
    },
    {
      name: 'dkim rotate',
      summary: tx(
        'A dated plan to rotate from one selector to another without failing mail in flight.',
        '配送中のメールを落とさずにセレクターを切り替える、日付入りの手順を作ります。',
      ),
      usage:
        'netdoctor mail dkim rotate <domain> --from S1 --to S2 [--start DATE] [--ttl SECONDS] [--keep-days N] [--key-dir DIR]',
      description: tx(
        'Publish S2, wait for the TTL, switch the signer, keep S1 published a week for mail in flight,\n' +
          'then revoke S1 with an empty p=. Each step has the exact record or configuration line and the\n' +
          '`mail dkim check` command that confirms it. When DIR/<S2>.private exists, the record is exact.',
        'S2 を公開し、TTL だけ待ち、署名ソフトを切り替え、配送中のメールのために S1 を 1 週間公開したままにして、\n' +
          '空の p= で S1 を失効させます。各手順に正確なレコードまたは設定行と、それを確かめる `mail dkim check`\n' +
          'コマンドが付きます。DIR/<S2>.private があれば、レコードは正確な値になります。',
      ),
      examples: [
        'netdoctor mail dkim rotate example.org --from s2025 --to s2026 --start 2026-12-07',
        'netdoctor mail dkim rotate example.org --from s2025 --to s2026 --key-dir /etc/opendkim/keys/example.org --json',
      ],
      options: {
        from: {
          type: 'string',
          valueName: 'S1',
          description: tx('the selector signing today', '現在署名に使っているセレクター'),
        },
        to: { type: 'string', valueName: 'S2', description: tx('the new selector', '新しいセレクター') },
        start: {
          type: 'string',
          valueName: 'DATE',
          description: tx(
            'when to publish S2 (YYYY-MM-DD, UTC, or an ISO time with zone)',
            'S2 を公開する日時（YYYY-MM-DD は UTC。またはタイムゾーン付きの ISO 形式）',
          ),
          defaultText: tx('now', '現在'),
        },
        ttl: {
          type: 'string',
          valueName: 'SECONDS',
          description: tx(
            'how long resolvers may keep the old answer (the record’s TTL, SOA negative TTL)',
            'リゾルバーが古い応答を保持しうる時間（レコードの TTL、SOA のネガティブ TTL）',
          ),
          defaultText: String(ROTATION_DEFAULTS.ttlSeconds),
        },
        'keep-days': {
          type: 'string',
          valueName: 'N',
          description: tx('days S1 stays published after the switch', '切り替え後に S1 を公開しておく日数'),
          defaultText: String(ROTATION_DEFAULTS.keepDays),
        },
        'key-dir': {
          type: 'string',
          valueName: 'DIR',
          description: tx('where the keys are (<S>.private)', '鍵のあるフォルダー（<S>.private）'),
          defaultText: '/etc/opendkim/keys/<domain>',
        },
        type: {
          type: 'string',
          valueName: 'TYPE',
          description: tx('the new key’s type, for keygen', 'keygen で作る新しい鍵の種類'),
          defaultText: 'rsa',
        },
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang }) {
        const ttl = numberOption(options, 'ttl', { min: 0, max: 30 * 86_400, integer: true });
        const keep = numberOption(options, 'keep-days', { min: 1, max: 90, integer: true });
        const start = options.start !== undefined ? parsePlanDate(options.start as string) : undefined;
        const p = await rotationPlan({
          domain: args[0] as string,
          from: options.from as string,
          to: options.to as string,
          ...(start ? { start } : {}),
          ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
          ...(keep !== undefined ? { keepDays: keep } : {}),
          ...(options['key-dir'] !== undefined ? { keyDir: options['key-dir'] as string } : {}),
          ...(options.type !== undefined ? { type: options.type as DkimKeyType } : {}),
        });
        const { findings, ...data } = p;
        return { findings, data, text: rotateText(p, lang) };
      },
    },
  ],
};
