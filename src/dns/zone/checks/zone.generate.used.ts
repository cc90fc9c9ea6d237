/** `$GENERATE` is a BIND extension: other servers (NSD, Knot before 3.2, PowerDNS) refuse it. */
import type { ZoneCheck } from '../lint/check.js';
import { report } from '../lint/check.js';

const meta = {
  id: 'zone.generate.used',
  severity: 'info',
  messages: {
    en: {
      title: '{where}: $GENERATE made {count} record(s)',
      detail:
        '$GENERATE is BIND-only; the records it makes are checked like written ones. Other DNS servers may refuse the file.',
      fix: "Nothing to do for BIND. To move the zone to another server, write the records out: netdoctor's zone writer (formatZone) prints them.",
    },
    ja: {
      title: '{where}: $GENERATE が {count} 件のレコードを生成しました',
      detail:
        '$GENERATE は BIND 独自の機能です。生成されたレコードも手書きのものと同様に検査しました。他の DNS サーバーはこのファイルを読めないことがあります。',
      fix: 'BIND ならそのままで構いません。他のサーバーに移すときはレコードを書き出してください (netdoctor のゾーン書き出し formatZone)。',
    },
  },
} as const;

export const check: ZoneCheck = {
  meta,
  scope: 'zone',
  run: (view) =>
    view.zone.notes
      .filter((n) => n.code === 'generate')
      .map((n) =>
        report(meta, n, {
          count: view.zone.records.filter((r) => r.generated && r.file === n.file && r.line === n.line)
            .length,
        }),
      ),
};
