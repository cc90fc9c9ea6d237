/** `netdoctor mail explain|headers`: a bounce explained, a message's path from its headers. */
import { existsSync, statSync } from 'node:fs';
import { durationText } from '../../core/duration.js';
import { usageError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { MiB } from '../../core/input.js';
import {
  assertText,
  DEFAULT_EXPLAIN_BYTES,
  DEFAULT_HEADER_BYTES,
  explainBounce,
  type Hop,
  readMessageHead,
  traceHeaders,
} from '../../mail/trace/index.js';
import type { Capability, OptionValues } from '../command.js';
import { CLI_ERRORS, tx } from '../l10n.js';
import { table } from '../render/table.js';
import { numberOption } from './shared.js';

const MAX_SIZE = {
  'max-size': {
    type: 'string' as const,
    valueName: 'MiB',
    description: tx(
      'read at most this much of the message (only the start is needed)',
      'メッセージを読み込む上限（必要なのは先頭部分だけです）',
    ),
    defaultText: String(DEFAULT_EXPLAIN_BYTES / MiB),
  },
};

function maxBytes(options: OptionValues, fallback: number): number {
  const mib = numberOption(options, 'max-size', { min: 0.01, max: 1024 });
  return mib === undefined ? fallback : Math.round(mib * MiB);
}

/** A positional is a file, `-` for stdin, or (for explain) the reply text itself. */
function isFileArgument(arg: string): boolean {
  if (arg === '-') return true;
  if (arg.includes('\n') || arg.length > 4096) return false;
  try {
    return existsSync(arg) && !statSync(arg).isDirectory();
  } catch {
    return false;
  }
}

function hopFrom(h: Hop, lang: Lang): string {
  const rdns = lang === 'ja' ? '逆引き' : 'rdns';
  const names = [h.helo, h.reverseName && h.reverseName !== h.helo ? `${rdns} ${h.reverseName}` : undefined]
    .filter(Boolean)
    .join(', ');
  return [names, h.ip ? `[${h.ip}]` : undefined].filter(Boolean).join(' ') || '-';
}

export const mailTraceCommand: Capability = {
  name: 'mail',
  summary: tx(
    'mail: explain bounces, trace a message through its Received headers',
    'メール: エラーメールを解説し、Received ヘッダーから配送経路を追う',
  ),
  actions: [
    {
      name: 'explain',
      summary: tx(
        'Explain a bounce: failed recipients, the server reply, the reason and what to check next.',
        'エラーメールを解説します: 届かなかった宛先、サーバーの応答、原因、次に確認すること。',
      ),
      usage: 'netdoctor mail explain <"reply text" | bounce.eml | -> [--max-size MiB]',
      description: tx(
        'Give the remote server reply in quotes, a whole bounce message (RFC 3464 DSN or any other form)\n' +
          'as a file, or - to read it from stdin. Each failed recipient becomes one finding: fail for a\n' +
          'permanent refusal, warn for a temporary one.',
        '相手サーバーの応答を引用符で囲んで渡すか、エラーメール全体（RFC 3464 の DSN などどんな形でも可）を\n' +
          'ファイルで渡すか、- で標準入力から読ませます。届かなかった宛先ごとに指摘を 1 件出します:\n' +
          '恒久的な拒否は fail、一時的な拒否は warn です。',
      ),
      examples: [
        'netdoctor mail explain "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users"',
        'netdoctor mail explain "450 4.7.1 Access denied. IP name lookup failed [202.241.128.3]"',
        'netdoctor mail explain "550 Unknown user taro@docomo.ne.jp"',
        'netdoctor mail explain bounce.eml --json',
        'netdoctor mail explain - < bounce.eml',
      ],
      options: { ...MAX_SIZE },
      readsInput: true,
      positionals: { min: 1, max: 1 },
      async run({ args, options, stdin, lang }) {
        const ja = lang === 'ja';
        const arg = args[0] as string;
        const cap = maxBytes(options, DEFAULT_EXPLAIN_BYTES);
        let bytes: Buffer;
        let input = '(text)';
        let truncated = false;
        if (isFileArgument(arg)) {
          const head = await readMessageHead(arg, { maxBytes: cap, stdin });
          bytes = head.bytes;
          input = head.name;
          truncated = head.truncated;
        } else {
          if (arg.trim() === '') throw usageError(CLI_ERRORS.explainNeedsText, 'explain');
          bytes = Buffer.from(arg);
        }
        assertText(bytes, input);
        const r = await explainBounce(bytes, { input, truncated, maxBytes: cap });
        const rows = r.recipients.map((x) => [
          x.recipient ?? '-',
          [x.replyCode, x.status].filter(Boolean).join(' ') || '-',
          x.reason,
          x.permanent ? (ja ? '恒久的' : 'permanent') : ja ? '一時的' : 'temporary',
        ]);
        return {
          findings: r.findings,
          data: {
            input,
            message: r.message,
            subject: r.subject,
            sender: r.sender,
            recipients: r.recipients,
            truncated: r.truncated,
          },
          text: rows.length
            ? table(rows, {
                header: ja ? ['宛先', 'コード', '原因', '種別'] : ['RECIPIENT', 'CODE', 'REASON', 'KIND'],
              })
            : '',
        };
      },
    },
    {
      name: 'headers',
      summary: tx(
        "Trace a message's Received chain: hops, delays, TLS, the relay IP for SPF, authentication results.",
        'Received ヘッダーの連なりをたどります: 中継、遅延、TLS、SPF で見られる中継 IP、認証結果。',
      ),
      usage: 'netdoctor mail headers <message.eml | -> [--max-delay SECONDS]',
      description: tx(
        'Reads only the header section (save the message with "show original" / "view source").\n' +
          'Hops are listed in the order the servers handled the message, the first server first.',
        'ヘッダー部分だけを読みます（メールソフトの「メッセージのソースを表示」などで保存してください）。\n' +
          '中継はサーバーが処理した順に、最初のサーバーから並べます。',
      ),
      examples: [
        'netdoctor mail headers message.eml',
        'netdoctor mail headers - < message.eml --json',
        'netdoctor mail headers message.eml --max-delay 300',
      ],
      options: {
        'max-delay': {
          type: 'string',
          valueName: 'SECONDS',
          description: tx('report a hop slower than this', 'これより時間のかかった中継を報告する（秒）'),
          defaultText: '900',
        },
        'max-size': {
          type: 'string',
          valueName: 'MiB',
          description: tx(
            'refuse a header section larger than this',
            'これより大きいヘッダー部分は読み込まない',
          ),
          defaultText: String(DEFAULT_HEADER_BYTES / MiB),
        },
      },
      readsInput: true,
      positionals: { min: 1, max: 1 },
      async run({ args, options, stdin, lang }) {
        const ja = lang === 'ja';
        const maxDelay = numberOption(options, 'max-delay', { min: 0, max: 30 * 86400 });
        const cap = maxBytes(options, DEFAULT_HEADER_BYTES);
        const head = await readMessageHead(args[0] as string, {
          maxBytes: cap,
          stdin,
          stopAtBody: true,
        });
        assertText(head.bytes, head.name);
        const t = traceHeaders(
          head.bytes.toString('utf8'),
          maxDelay === undefined ? { input: head.name } : { maxDelaySeconds: maxDelay, input: head.name },
        );
        const rows = t.hops.map((h) => [
          String(h.index),
          hopFrom(h, lang),
          h.by ?? '-',
          [h.protocol, h.tls?.version, h.tls?.cipher].filter(Boolean).join(' ') || '-',
          h.time ?? h.dateText ?? '-',
          h.delaySeconds === undefined ? '' : durationText(h.delaySeconds, lang),
        ]);
        const { findings, ...data } = t;
        return {
          findings,
          data: { input: head.name, ...data },
          text: rows.length
            ? table(rows, {
                header: ja
                  ? ['#', '送信元（HELO、逆引き、IP）', '受信', 'プロトコル / TLS', '時刻（UTC）', '遅延']
                  : ['#', 'FROM (HELO, rDNS, IP)', 'BY', 'WITH / TLS', 'TIME (UTC)', 'DELAY'],
                right: [0, 5],
              })
            : '',
        };
      },
    },
  ],
};
