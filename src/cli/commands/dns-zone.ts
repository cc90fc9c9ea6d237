/** `netdoctor dns lint|check`: the zone doctor on the command line (offline files, live servers). */
import net from 'node:net';
import { usageError } from '../../core/errors.js';
import type { LintInput } from '../../dns/zone/lint/index.js';
import type { Capability } from '../command.js';
import { CLI_ERRORS, pick, tx } from '../l10n.js';
import { table } from '../render/table.js';
import { listOption, RESOLVER_OPTIONS } from './shared.js';

function lintInputs(files: string[], origins: string[]): LintInput[] {
  if (origins.length > files.length)
    throw usageError(CLI_ERRORS.moreOrigins, '--origin', { origins: origins.length, files: files.length });
  return files.map((file, i) => (origins[i] ? { file, origin: origins[i] as string } : { file }));
}

export const dnsZoneCommand: Capability = {
  name: 'dns',
  summary: tx('check zone files and live zones', 'ゾーンファイルと稼働中のゾーンを検査します'),
  actions: [
    {
      name: 'lint',
      summary: tx(
        'Check zone files, forward and reverse together (PTR for every host, A for every PTR), with the line to fix.',
        'ゾーンファイルを正引き・逆引きまとめて検査し（ホストごとの PTR、PTR ごとの A）、直すべき行を示します。',
      ),
      usage: 'netdoctor dns lint <zonefile>… [--origin NAME]… [--sending-ip IP]… [--server IP[:PORT]]',
      description: tx(
        "Each file is read as BIND reads it ($ORIGIN, $TTL, $INCLUDE inside the file's folder, $GENERATE) and\n" +
          'checked on its own — what named-checkzone refuses, and what it lets through (an impossible serial\n' +
          'date, a PTR target without its trailing dot, two PTRs for one address, MX pointing at a CNAME) —\n' +
          'then all files together: every A/AAAA needs a PTR pointing back and every PTR an A/AAAA.\n' +
          'The zone name comes from --origin (in file order), $ORIGIN, the SOA owner or the file name.\n' +
          'With --server, the zone is also compared with what that server (and each secondary) serves.',
        '各ファイルを BIND と同じように読み込み（$ORIGIN、$TTL、ファイルのフォルダー内の $INCLUDE、$GENERATE）、\n' +
          'まずファイルごとに検査します。named-checkzone が拒否するものに加え、通してしまうもの（ありえない日付の\n' +
          'シリアル、末尾のドットがない PTR の名前、一つのアドレスに二つの PTR、CNAME を指す MX）も見つけます。\n' +
          '次に全ファイルをまとめて、A/AAAA には逆向きの PTR が、PTR には A/AAAA があるかを確かめます。\n' +
          'ゾーン名は --origin（ファイルの順）、$ORIGIN、SOA のオーナー、ファイル名の順に決めます。\n' +
          '--server を指定すると、そのサーバー（と各セカンダリ）が返す内容とも比べます。',
      ),
      examples: [
        'netdoctor dns lint /etc/bind/db.example.org /etc/bind/db.192.0.2',
        'netdoctor dns lint db.fwd db.rev --origin example.org --origin 2.0.192.in-addr.arpa',
        'netdoctor dns lint db.example.org --server 127.0.0.1 --json',
      ],
      options: {
        origin: {
          type: 'string',
          multiple: true,
          valueName: 'NAME',
          description: tx(
            'zone name of the file in the same position (repeat for several files)',
            '同じ位置のファイルのゾーン名（複数のファイルなら繰り返し指定）',
          ),
          defaultText: tx(
            '$ORIGIN, the SOA owner or the file name',
            '$ORIGIN、SOA のオーナー、またはファイル名',
          ),
        },
        'sending-ip': {
          type: 'string',
          multiple: true,
          valueName: 'IP',
          description: tx(
            'an address that sends mail: a missing PTR for it is a failure',
            'メールを送信するアドレス。PTR がなければ失敗とします',
          ),
        },
        'include-anywhere': {
          type: 'boolean',
          description: tx(
            "let $INCLUDE read files outside the zone file's folder",
            '$INCLUDE でゾーンファイルのフォルダーの外も読めるようにします',
          ),
        },
        ...RESOLVER_OPTIONS,
        server: {
          type: 'string',
          multiple: true,
          valueName: 'IP[:PORT]',
          description: tx(
            "compare the zones with what this server serves; the zone's NS are asked at the same port",
            'このサーバーが返す内容とゾーンを比べます。ゾーンの NS にも同じポートで問い合わせます',
          ),
          defaultText: tx('no comparison', '比較しない'),
        },
      },
      positionals: { min: 1 },
      serverIsSubject: true,
      async run({ args, options, lang }) {
        const sendingIps = listOption(options, 'sending-ip');
        for (const ip of sendingIps)
          if (!net.isIP(ip)) throw usageError(CLI_ERRORS.notIp, '--sending-ip', { ip });
        // Loaded on use: `dns lookup` must not pay for the zone checks at start-up.
        const { lintZoneFiles } = await import('../../dns/zone/lint/index.js');
        const result = lintZoneFiles(lintInputs(args, listOption(options, 'origin')), {
          sendingIps,
          ...(options['include-anywhere'] ? { includeRoot: false as const } : {}),
        });
        const servers = listOption(options, 'server');
        let live: Record<string, unknown> | undefined;
        const findings = [...result.findings];
        if (servers.length) {
          const { compareZonesWithServer } = await import('../../dns/zone/live/index.js');
          const { numberOption, resolverFrom } = await import('./shared.js');
          const timeout = numberOption(options, 'timeout', { min: 0.05, max: 120 });
          const r = await compareZonesWithServer(result, servers[0] as string, {
            resolver: resolverFrom(options),
            ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
          });
          findings.push(...r.findings);
          live = { server: r.server, zones: r.zones };
        }
        const rows = result.zones.map((z) => [
          z.file,
          z.origin,
          String(z.serial ?? '-'),
          String(z.records),
          z.loads ? pick(tx('yes', 'はい'), lang) : pick(tx('NO', 'いいえ'), lang),
        ]);
        return {
          findings,
          data: { zones: result.zones, ...(live ? { live } : {}) },
          text: table(rows, {
            header:
              lang === 'ja'
                ? ['ファイル', 'ゾーン', 'シリアル', 'レコード数', '読み込み']
                : ['FILE', 'ZONE', 'SERIAL', 'RECORDS', 'LOADS'],
            right: [2, 3],
          }),
        };
      },
    },
    {
      name: 'check',
      summary: tx(
        'Check a live domain: delegation, every name server, serials, lame and open servers, glue, MX and PTR.',
        '稼働中のドメインを検査します: 委任、すべてのネームサーバー、シリアル、lame やオープンなサーバー、グルー、MX と PTR。',
      ),
      usage: 'netdoctor dns check <domain> [--server IP[:PORT]] [--parent IP[:PORT]] [--ns-port N]',
      description: tx(
        'Asks the parent zone for the delegation (through --server, or the servers given with --parent),\n' +
          'then every name server of the domain at --ns-port (default 53), without recursion: is it\n' +
          'authoritative, which serial does it serve, does it resolve names for anyone (open recursion),\n' +
          "does the parent's glue match the zone. MX targets must resolve and their PTRs confirm forward.",
        '親ゾーンに委任を問い合わせ（--server 経由、または --parent で指定したサーバー）、次にドメインの\n' +
          '各ネームサーバーに --ns-port（既定 53）で再帰なしに問い合わせます: 権威があるか、どのシリアルを\n' +
          '返すか、誰の名前解決でも引き受けるか（オープンリゾルバー）、親のグルーがゾーンと合っているか。\n' +
          'MX の名前は解決でき、その PTR が正引きと一致する必要があります。',
      ),
      examples: [
        'netdoctor dns check example.org',
        'netdoctor dns check example.org --server 127.0.0.1:5300 --parent 127.0.0.9:5300 --ns-port 5300 --json',
      ],
      options: {
        parent: {
          type: 'string',
          multiple: true,
          valueName: 'IP[:PORT]',
          description: tx(
            'a server of the parent zone to ask for the delegation',
            '委任を問い合わせる親ゾーンのサーバー',
          ),
          defaultText: tx('found through --server', '--server で探す'),
        },
        'ns-port': {
          type: 'string',
          valueName: 'N',
          description: tx("port of the domain's name servers", 'ドメインのネームサーバーのポート'),
          defaultText: '53',
        },
        ...RESOLVER_OPTIONS,
      },
      positionals: { min: 1, max: 1 },
      async run({ args, options, lang }) {
        const { checkDomain } = await import('../../dns/zone/live/index.js');
        const { numberOption, resolverFrom } = await import('./shared.js');
        const domain = args[0] as string;
        if (!/^[A-Za-z0-9_.-]+\.?$/.test(domain) || domain.includes('..'))
          throw usageError(CLI_ERRORS.notDomain, domain);
        const nsPort = numberOption(options, 'ns-port', { min: 1, max: 65535, integer: true });
        const timeout = numberOption(options, 'timeout', { min: 0.05, max: 120 });
        const r = await checkDomain(domain, {
          resolver: resolverFrom(options),
          parent: listOption(options, 'parent'),
          ...(nsPort !== undefined ? { nsPort } : {}),
          ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
        });
        const rows = r.servers.map((s) => [
          s.name,
          s.address,
          s.authoritative ? pick(tx('yes', 'はい'), lang) : pick(tx('NO', 'いいえ'), lang),
          String(s.serial ?? '-'),
          s.openRecursion ? pick(tx('OPEN', 'オープン'), lang) : pick(tx('no', 'なし'), lang),
          s.problem === undefined ? '' : lang === 'ja' ? `「${s.problem}」` : s.problem,
        ]);
        const { findings, ...data } = r;
        return {
          findings,
          data,
          text: table(rows, {
            header:
              lang === 'ja'
                ? ['NS', 'アドレス', '権威', 'シリアル', '再帰', '問題']
                : ['NS', 'ADDRESS', 'AUTH', 'SERIAL', 'RECURSION', 'PROBLEM'],
            right: [3],
          }),
        };
      },
    },
  ],
};
