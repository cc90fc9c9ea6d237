/**
 * `netdoctor lan`: the LAN inventory (check, diff, apply, render, import), discovery, vendor
 * look-ups and the ARP watch. Parses flags, calls `src/lan`, renders; nothing more.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { catalog } from '../../catalog.js';
import { NetdoctorError, usageError } from '../../core/errors.js';
import { type Finding, finding } from '../../core/findings.js';
import { localize } from '../../core/i18n.js';
import { MiB, readInput } from '../../core/input.js';
import {
  type ArpEvent,
  ArpWatch,
  applyPlan,
  checkInventory,
  DEFAULT_IEEE_DIR,
  discoverLan,
  EVENT_SEVERITY,
  eventFinding,
  formatArpDat,
  IMPORT_FORMATS,
  type ImportFormat,
  type Inventory,
  importInventory,
  inventoryNets,
  normalizeMac,
  parseArpDat,
  parseCidr,
  parseInventory,
  planTargets,
  readLive,
  type SavedPlan,
  savePlan,
  TARGETS,
  unifiedDiff,
  VendorRegistry,
  watchCaptureFile,
  watchInterface,
  watchNeighbours,
} from '../../lan/index.js';
import { isPostgresUrl, type LanEventRow, type LanHistory, openLanHistory } from '../../store/index.js';
import type { ActionContext, Capability, OptionValues } from '../command.js';
import { CLI_ERRORS, pick, tx } from '../l10n.js';
import { terminalSafe } from '../render/escape.js';
import { table } from '../render/table.js';
import { storeOf } from './db.js';
import { parseSince } from './dmarc.js';

const ieeeOption = {
  'ieee-dir': {
    type: 'string' as const,
    valueName: 'DIR',
    description: tx('where the IEEE registry CSVs are', 'IEEE 登録データの CSV があるディレクトリ'),
    defaultText: DEFAULT_IEEE_DIR,
  },
};

const IMPORT_SPELLINGS: readonly string[] = [...IMPORT_FORMATS, 'zone'];

function vendors(options: OptionValues): VendorRegistry {
  return VendorRegistry.load(
    typeof options['ieee-dir'] === 'string' ? options['ieee-dir'] : DEFAULT_IEEE_DIR,
  );
}

function tryVendors(options: OptionValues): VendorRegistry | undefined {
  try {
    return vendors(options);
  } catch {
    return undefined;
  }
}

async function loadInventory(file: string, stdin: NodeJS.ReadableStream): Promise<Inventory> {
  const buf = await readInput(file, { maxBytes: 64 * MiB, stdin });
  return parseInventory(buf.toString('utf8'), file === '-' ? 'stdin' : file);
}

/** The inventory, refused with one line when `lan check` would report a failure. */
async function checkedInventory(ctx: ActionContext): Promise<{ inv: Inventory; findings: Finding[] }> {
  const inv = await loadInventory(ctx.args[0] as string, ctx.stdin);
  const r = checkInventory(inv, { vendors: tryVendors(ctx.options) });
  if (!r.ok) {
    const fails = r.findings.filter((f) => f.severity === 'fail');
    const first = localize(fails[0] as Finding, catalog, ctx.lang).title;
    throw new NetdoctorError('ND_INPUT_FORMAT', CLI_ERRORS.inventoryErrors, {
      input: inv.file,
      params: { count: fails.length, first },
    });
  }
  return { inv, findings: r.findings.filter((f) => f.severity !== 'ok') };
}

function targetList(options: OptionValues): string[] | undefined {
  const t = options.target;
  if (t === undefined) return undefined;
  const list = (Array.isArray(t) ? t : [t]).flatMap((x) => String(x).split(','));
  const known = TARGETS.map((x) => x.id);
  for (const id of list) {
    if (!known.includes(id)) throw usageError(CLI_ERRORS.unknownTarget, id, { known });
  }
  return list;
}

const targetOption = {
  target: {
    type: 'string' as const,
    multiple: true,
    valueName: 'ID',
    description: tx(
      `only this target (${TARGETS.map((t) => t.id).join(', ')})`,
      `このターゲットだけ（${TARGETS.map((t) => t.id).join('、')}）`,
    ),
  },
};

function diffCounts(d: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of d.split('\n')) {
    if (l.startsWith('+') && !l.startsWith('+++')) added++;
    else if (l.startsWith('-') && !l.startsWith('---')) removed++;
  }
  return { added, removed };
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.netdoctor-${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function readPlan(path: string): SavedPlan {
  const text = readLive(path);
  if (text === undefined)
    throw new NetdoctorError('ND_INPUT_UNREADABLE', CLI_ERRORS.noSuchFile, { input: path });
  try {
    const p = JSON.parse(text) as SavedPlan;
    if (p.version !== 1 || !Array.isArray(p.files)) throw new Error('not a plan');
    return p;
  } catch {
    throw new NetdoctorError('ND_INPUT_FORMAT', CLI_ERRORS.notPlan, { input: path });
  }
}

/** Runs `argv` for one ARP event or digest, never through a shell; the JSON goes to its stdin. */
class ExecQueue {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  dropped = 0;
  failures = 0;
  constructor(private readonly program: string) {}
  run(args: string[], json: string): void {
    if (this.pending >= 1000) {
      this.dropped++;
      return;
    }
    this.pending++;
    this.chain = this.chain.then(
      () =>
        new Promise<void>((resolve) => {
          const c = spawn(this.program, args, { stdio: ['pipe', 'ignore', 'inherit'], shell: false });
          let settled = false;
          const settle = (failed: boolean) => {
            if (settled) return;
            settled = true;
            if (failed) this.failures++;
            this.pending--;
            resolve();
          };
          c.once('error', () => settle(true));
          c.once('close', (code) => settle(code !== 0));
          c.stdin.on('error', () => {});
          c.stdin.end(`${json}\n`);
        }),
    );
  }
  done(): Promise<void> {
    return this.chain;
  }
}

function eventTime(t: number): string {
  return new Date(Math.floor(t * 1000)).toISOString().replace(/\.\d+Z$/, 'Z');
}

export const lanCommand: Capability = {
  name: 'lan',
  summary: tx(
    'LAN inventory → DHCP/DNS/hosts/allow-list configs; discovery; ARP watch',
    'LAN のインベントリーから DHCP/DNS/hosts/許可リストの設定を生成、機器の発見、ARP の監視',
  ),
  actions: [
    {
      name: 'check',
      summary: tx(
        'Validate an inventory: duplicates, subnets and pools, names, MACs (file:line:column).',
        'インベントリーを検証します: 重複、サブネットとプール、名前、MAC（ファイル:行:列 で示します）。',
      ),
      usage: 'netdoctor lan check <inventory.yaml|->',
      examples: ['netdoctor lan check /etc/netdoctor/lan.yaml', 'netdoctor lan check lan.yaml --json'],
      options: { ...ieeeOption },
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const inv = await loadInventory(ctx.args[0] as string, ctx.stdin);
        const r = checkInventory(inv, { vendors: tryVendors(ctx.options) });
        return { findings: r.findings, data: { file: inv.file, devices: inv.devices.length, ok: r.ok } };
      },
    },
    {
      name: 'diff',
      summary: tx(
        'Show, per target file, a unified diff of the live file against what would be generated.',
        'ターゲットのファイルごとに、稼働中のファイルと生成される内容の差分を unified 形式で表示します。',
      ),
      usage: 'netdoctor lan diff <inventory.yaml> [--target ID]… [--save PLAN.json]',
      description: tx(
        "Nothing is written except the plan (--save): it records each live file's checksum, so that\n" +
          '`lan apply --plan PLAN.json` refuses when a file changed after you reviewed the diff.',
        '計画（--save）以外は何も書きません。計画には稼働中の各ファイルのチェックサムが入るので、差分を\n' +
          '確認した後でファイルが変わっていれば `netdoctor lan apply --plan PLAN.json` は中止します。',
      ),
      examples: [
        'netdoctor lan diff lan.yaml',
        'netdoctor lan diff lan.yaml --target dhcpd --save /tmp/lan.plan',
      ],
      options: {
        ...targetOption,
        ...ieeeOption,
        save: {
          type: 'string',
          valueName: 'PLAN',
          description: tx(
            'write the plan for lan apply --plan',
            '`netdoctor lan apply --plan` で使う計画を書き出します',
          ),
        },
      },
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const { inv, findings } = await checkedInventory(ctx);
        const only = targetList(ctx.options);
        const plan = planTargets(inv, { ...(only ? { only } : {}) });
        const parts: string[] = [];
        for (const f of plan) {
          if (!f.changed) continue;
          const d = unifiedDiff(f);
          parts.push(d);
          findings.push(
            finding('lan.diff.changes', 'info', { path: f.path, target: f.target, ...diffCounts(d) }),
          );
        }
        if (parts.length === 0) findings.push(finding('lan.diff.up-to-date', 'ok', { count: plan.length }));
        if (typeof ctx.options.save === 'string')
          writeAtomically(ctx.options.save, `${JSON.stringify(savePlan(inv.file, plan), null, 2)}\n`);
        return {
          findings,
          data: {
            files: plan.map((f) => ({
              path: f.path,
              target: f.target,
              changed: f.changed,
              base: f.oldHash,
              next: f.nextHash,
              diff: unifiedDiff(f),
            })),
          },
          text: parts.join('\n').trimEnd(),
        };
      },
    },
    {
      name: 'apply',
      summary: tx(
        'Write the target files: validated by the real tool, atomic (temp + rename), .bak kept.',
        'ターゲットのファイルを書き込みます: 本物のツールで検証し、一時ファイル＋リネームで一度に置き換え、.bak を残します。',
      ),
      usage:
        'netdoctor lan apply <inventory.yaml> [--target ID]… [--plan PLAN.json] [--reload] [--no-validate]',
      description: tx(
        'Each new file is written beside the live one and checked first (dhcpd -t -cf, kea-dhcp4 -t,\n' +
          'dnsmasq --test, named-checkzone); if any check fails nothing is written. Then the live file is\n' +
          'copied to FILE.bak and the new one renamed over it. The first apply on a file without the\n' +
          'BEGIN/END markers replaces the entries of inventory devices and keeps the rest. --reload runs\n' +
          'the printed reload commands.',
        '新しいファイルは稼働中のファイルと同じ場所に書き、まず検証します（dhcpd -t -cf、kea-dhcp4 -t、\n' +
          'dnsmasq --test、named-checkzone）。一つでも検証に失敗すれば何も書きません。その後、稼働中の\n' +
          'ファイルを FILE.bak にコピーし、新しいファイルをリネームして置き換えます。BEGIN/END の印がない\n' +
          'ファイルへの最初の適用では、インベントリーの機器の行だけを置き換え、ほかは残します。\n' +
          '--reload を指定すると、表示された再読み込みのコマンドを実行します。',
      ),
      examples: [
        'netdoctor lan apply lan.yaml',
        'netdoctor lan diff lan.yaml --save /tmp/lan.plan && netdoctor lan apply lan.yaml --plan /tmp/lan.plan',
        'netdoctor lan apply lan.yaml --target kea --reload',
      ],
      options: {
        ...targetOption,
        ...ieeeOption,
        plan: {
          type: 'string',
          valueName: 'PLAN',
          description: tx(
            'refuse unless the files are as lan diff --save saw them',
            'ファイルが `netdoctor lan diff --save` の時点と同じでなければ中止します',
          ),
        },
        reload: {
          type: 'boolean',
          description: tx(
            "run each written target's reload command",
            '書き込んだターゲットごとに再読み込みのコマンドを実行します',
          ),
        },
        'no-validate': {
          type: 'boolean',
          description: tx(
            'skip the real validators (not recommended)',
            '本物のツールによる検証を省きます（おすすめしません）',
          ),
        },
        'no-backup': { type: 'boolean', description: tx('do not keep FILE.bak', 'FILE.bak を残しません') },
      },
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const { inv, findings } = await checkedInventory(ctx);
        const only = targetList(ctx.options);
        const plan = planTargets(inv, { ...(only ? { only } : {}) });
        const r = applyPlan(plan, {
          ...(typeof ctx.options.plan === 'string' ? { plan: readPlan(ctx.options.plan) } : {}),
          validate: ctx.options['no-validate'] !== true,
          backup: ctx.options['no-backup'] !== true,
        });
        findings.push(...r.findings);
        const reloads: string[] = [];
        if (ctx.options.reload === true) {
          const seen = new Set<string>();
          for (const f of r.files) {
            if (f.status !== 'written' || f.reload.length === 0 || seen.has(f.reload.join(' '))) continue;
            seen.add(f.reload.join(' '));
            const p = spawnSync(f.reload[0] as string, f.reload.slice(1), {
              encoding: 'utf8',
              timeout: 120_000,
            });
            reloads.push(
              `${f.reload.join(' ')}: ${p.status === 0 ? 'ok' : `${pick(tx('failed', '失敗'), ctx.lang)} (${(p.stderr || p.error?.message || '').trim()})`}`,
            );
          }
        }
        const rows = r.files.map((f) => [f.status, f.target, f.path]);
        return {
          findings,
          data: { files: r.files, reloads },
          text: [
            table(rows, {
              header: ctx.lang === 'ja' ? ['状態', 'ターゲット', 'ファイル'] : ['STATUS', 'TARGET', 'FILE'],
            }),
            ...reloads,
          ].join('\n'),
        };
      },
    },
    {
      name: 'render',
      summary: tx(
        'Print the whole new text of one target file (as apply would write it) to stdout.',
        '一つのターゲットのファイルの新しい内容全体（apply が書き込むもの）を標準出力に表示します。',
      ),
      usage: 'netdoctor lan render <inventory.yaml> --target ID',
      examples: ['netdoctor lan render lan.yaml --target dnsmasq'],
      options: { ...targetOption, ...ieeeOption },
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const only = targetList(ctx.options);
        if (only?.length !== 1) throw usageError(CLI_ERRORS.oneTarget, '--target');
        const { inv, findings } = await checkedInventory(ctx);
        const plan = planTargets(inv, { only });
        if (plan.length === 0) throw usageError(CLI_ERRORS.noTargetFile, inv.file, { target: only[0] ?? '' });
        if (ctx.json)
          return {
            findings,
            data: { files: plan.map((f) => ({ path: f.path, target: f.target, text: f.next })) },
          };
        ctx.stdout.write(plan.map((f) => f.next).join(''));
        return { findings, printed: true };
      },
    },
    {
      name: 'import',
      summary: tx(
        'Draft an inventory from dhcpd.conf, Kea, dnsmasq, hosts, ethers, arp.dat or ip -j neigh.',
        'dhcpd.conf、Kea、dnsmasq、hosts、ethers、arp.dat、ip -j neigh からインベントリーの下書きを作ります。',
      ),
      usage: 'netdoctor lan import <file|->… [--from FORMAT] [--domain DOMAIN] [-o lan.yaml]',
      description: tx(
        `Formats: ${IMPORT_SPELLINGS.join(', ')} (detected from the content unless --from names one).`,
        `形式: ${IMPORT_SPELLINGS.join('、')}（--from で指定しなければ内容から判断します）。`,
      ),
      examples: [
        'netdoctor lan import /etc/dhcp/dhcpd.conf /etc/hosts -o lan.yaml',
        'ip -j neigh | netdoctor lan import - --domain home.arpa',
      ],
      options: {
        from: {
          type: 'string',
          valueName: 'FORMAT',
          description: tx(
            `the format of every input (${IMPORT_SPELLINGS.join(', ')})`,
            `すべての入力の形式（${IMPORT_SPELLINGS.join('、')}）`,
          ),
        },
        domain: {
          type: 'string',
          valueName: 'DOMAIN',
          description: tx(
            'the site domain (default: from the inputs)',
            'サイトのドメイン（既定: 入力から判断）',
          ),
        },
        output: {
          type: 'string',
          short: 'o',
          valueName: 'FILE',
          description: tx(
            'write the draft here instead of stdout (refuses to overwrite)',
            '下書きを標準出力ではなくこのファイルに書きます（上書きはしません）',
          ),
        },
      },
      positionals: { min: 1 },
      async run(ctx) {
        const from = ctx.options.from;
        if (from !== undefined && !IMPORT_SPELLINGS.includes(String(from))) {
          throw usageError(CLI_ERRORS.unknownFormat, String(from), { known: [...IMPORT_SPELLINGS] });
        }
        const sources = [];
        for (const path of ctx.args) {
          const buf = await readInput(path, { maxBytes: 64 * MiB, stdin: ctx.stdin });
          sources.push({
            path,
            text: buf.toString('utf8'),
            ...(from ? { format: from as ImportFormat | 'zone' } : {}),
          });
        }
        const r = importInventory(sources, {
          ...(typeof ctx.options.domain === 'string' ? { domain: ctx.options.domain } : {}),
        });
        if (typeof ctx.options.output === 'string') {
          const out = ctx.options.output;
          if (readLive(out) !== undefined) throw usageError(CLI_ERRORS.exists, out);
          writeAtomically(out, r.yaml);
        } else if (!ctx.json) {
          ctx.stdout.write(r.yaml);
          return { findings: r.findings, printed: true };
        }
        return { findings: r.findings, data: { devices: r.devices, yaml: r.yaml } };
      },
    },
    {
      name: 'discover',
      summary: tx(
        'Who is on the LAN now: ping sweep of one subnet, the neighbour table, vendors, inventory names.',
        'いま LAN にいる機器を調べます: サブネットへの ping スイープ、近隣テーブル、ベンダー、インベントリーの名前。',
      ),
      usage: 'netdoctor lan discover <cidr> [--inventory lan.yaml] [--yes] [--no-sweep]',
      examples: [
        'netdoctor lan discover 192.168.1.0/24 --inventory lan.yaml',
        'netdoctor lan discover 192.168.1.0/24 --no-sweep',
      ],
      options: {
        inventory: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'name each MAC from this inventory; report the unknown',
            'このインベントリーで各 MAC に名前を付け、知らないものを報告します',
          ),
        },
        yes: {
          type: 'boolean',
          description: tx(
            'confirm a sweep of more than 256 addresses',
            '256 個を超えるアドレスのスイープを確認済みとします',
          ),
        },
        'no-sweep': {
          type: 'boolean',
          description: tx('only read the neighbour table', '近隣テーブルを読むだけにします'),
        },
        parallel: {
          type: 'string',
          valueName: 'N',
          description: tx('parallel pings', '並列に送る ping の数'),
          defaultText: '32',
        },
        ...ieeeOption,
      },
      positionals: { min: 1, max: 1 },
      async run(ctx) {
        const inv =
          typeof ctx.options.inventory === 'string'
            ? await loadInventory(ctx.options.inventory, ctx.stdin)
            : undefined;
        const parallel = ctx.options.parallel === undefined ? 32 : Number(ctx.options.parallel);
        if (!Number.isInteger(parallel) || parallel < 1 || parallel > 256)
          throw usageError(CLI_ERRORS.range, '--parallel', { min: 1, max: 256 });
        const r = await discoverLan({
          cidr: ctx.args[0] as string,
          ...(inv ? { inventory: inv } : {}),
          vendors: vendors(ctx.options),
          yes: ctx.options.yes === true,
          noSweep: ctx.options['no-sweep'] === true,
          parallel,
          onProgress: (done, total) => ctx.progress.update('ping sweep', done, total, 'items'),
        });
        const rows = r.neighbours.map((n) => [
          n.ip,
          n.mac,
          n.vendor ?? (n.randomised ? pick(tx('(randomised)', '（ランダム化）'), ctx.lang) : '?'),
          n.name ?? (inv ? pick(tx('UNKNOWN', '不明'), ctx.lang) : '-'),
          n.state,
        ]);
        return {
          findings: r.findings,
          data: { neighbours: r.neighbours, swept: r.swept },
          text: rows.length
            ? table(rows, {
                header:
                  ctx.lang === 'ja'
                    ? ['アドレス', 'MAC', 'ベンダー', '名前', '状態']
                    : ['ADDRESS', 'MAC', 'VENDOR', 'NAME', 'STATE'],
              })
            : pick(tx('(no neighbours)', '（近隣の機器はありません）'), ctx.lang),
        };
      },
    },
    {
      name: 'vendor',
      summary: tx(
        'The IEEE registration (MA-L, MA-M, MA-S, IAB) of each MAC, and whether it is randomised.',
        '各 MAC の IEEE 登録（MA-L、MA-M、MA-S、IAB）と、ランダム化されたアドレスかどうかを表示します。',
      ),
      usage: 'netdoctor lan vendor <mac>…',
      examples: ['netdoctor lan vendor 02:60:8c:12:34:56 00-50-C2-7D-50-01'],
      options: { ...ieeeOption },
      positionals: { min: 1 },
      async run(ctx) {
        const reg = vendors(ctx.options);
        const findings: Finding[] = [];
        const rows: string[][] = [];
        for (const a of ctx.args) {
          const mac = normalizeMac(a);
          if (!mac) throw usageError(CLI_ERRORS.notMac, a);
          const v = reg.lookup(mac);
          if (v) findings.push(finding('lan.vendor.found', 'info', { mac, ...v }, v));
          else {
            const kind = reg.isLocallyAdministered(mac) ? 'locally administered' : 'unregistered';
            findings.push(finding('lan.vendor.unknown', 'info', { mac, kind }));
          }
          rows.push([
            mac,
            v?.organization ?? '?',
            v ? `${v.registry} ${v.prefix}` : '-',
            reg.isLocallyAdministered(mac) ? 'yes' : 'no',
          ]);
        }
        return {
          findings,
          data: {
            vendors: rows.map((r) => ({
              mac: r[0],
              organization: r[1],
              registry: r[2],
              randomised: r[3] === 'yes',
            })),
          },
          text: table(
            rows.map((r) => (ctx.lang === 'ja' ? [...r.slice(0, 3), r[3] === 'yes' ? 'はい' : 'いいえ'] : r)),
            {
              header:
                ctx.lang === 'ja'
                  ? ['MAC', 'ベンダー', '登録', 'ランダム化']
                  : ['MAC', 'VENDOR', 'REGISTRY', 'RANDOMISED'],
            },
          ),
        };
      },
    },
    {
      name: 'watch',
      summary: tx(
        "ARP watch (arpwatch's events plus the inventory's) from a capture, a live interface or the kernel.",
        'ARP を監視します（arpwatch のイベントとインベントリーによるイベント）。入力はキャプチャ、稼働中のインターフェース、またはカーネル。',
      ),
      usage:
        'netdoctor lan watch <capture|-> | --interface IF | --neigh [--inventory lan.yaml] [--state arp.dat] [--exec PROGRAM] [--digest SECONDS] [--db FILE|URL [--site NAME]]',
      description: tx(
        'Events: new station, new activity, changed ethernet address, flip flop, reused old ethernet\n' +
          "address, ethernet broadcast, ethernet mismatch, bogon (arpwatch's); with --inventory also\n" +
          'unknown-mac, not-allowed, wrong-address, claimed-address and duplicate-ip. --state keeps what\n' +
          "was seen in arpwatch's arp.dat format (read at start, written at the end and every minute),\n" +
          'so a restart raises no alert storm, and an arpwatch arp.dat can be used directly.\n' +
          '--exec runs PROGRAM (no shell) per event with arguments KIND IP MAC OLD-MAC NAME and the\n' +
          'event as JSON on stdin; with --digest it runs once per digest. --json prints one JSON line\n' +
          'per event.',
        'イベント: 「new station」「new activity」「changed ethernet address」「flip flop」\n' +
          '「reused old ethernet address」「ethernet broadcast」「ethernet mismatch」「bogon」（arpwatch のもの）。--inventory を指定すると\n' +
          'unknown-mac、not-allowed、wrong-address、claimed-address、duplicate-ip も報告します。--state は\n' +
          '見た内容を arpwatch の arp.dat 形式で保存し（開始時に読み、終了時と毎分書きます）、再起動しても\n' +
          '警告が殺到せず、arpwatch の arp.dat もそのまま使えます。--exec はイベントごとに PROGRAM を\n' +
          '（シェルを通さず）引数 KIND IP MAC OLD-MAC NAME で実行し、イベントを JSON で標準入力に渡します。\n' +
          '--digest を指定するとまとめごとに一回実行します。--json はイベントごとに JSON を 1 行表示します。',
      ),
      examples: [
        'tcpdump -i eth0 -U -w - arp | netdoctor lan watch - --inventory lan.yaml',
        'netdoctor lan watch --interface eth0 --inventory lan.yaml --state /var/lib/netdoctor/arp.dat',
        'netdoctor lan watch --neigh --json',
        'netdoctor lan watch office.pcap --net 192.168.1.0/24 --digest 3600 --exec /usr/local/bin/arp-mail',
        'netdoctor lan watch --interface eth0 --inventory lan.yaml --db postgres://netdoctor@db.example.org/netdoctor --site office',
      ],
      options: {
        interface: {
          type: 'string',
          short: 'i',
          valueName: 'IF',
          description: tx('capture live on IF (spawns tcpdump)', 'IF でキャプチャします（tcpdump を起動）'),
        },
        neigh: {
          type: 'boolean',
          description: tx(
            "follow the kernel's neighbour table (ip monitor neigh)",
            'カーネルの近隣テーブルを追います（ip monitor neigh）',
          ),
        },
        inventory: {
          type: 'string',
          valueName: 'FILE',
          description: tx(
            'the inventory: names, fixed addresses, allowed',
            'インベントリー: 名前、固定アドレス、許可する機器',
          ),
        },
        state: {
          type: 'string',
          valueName: 'ARP.DAT',
          description: tx(
            "state file in arpwatch's arp.dat format",
            'arpwatch の arp.dat 形式の状態ファイル',
          ),
        },
        net: {
          type: 'string',
          multiple: true,
          valueName: 'CIDR',
          description: tx(
            "local network (bogon check; default: the inventory's subnets)",
            'ローカルネットワーク（bogon の判定用。既定: インベントリーのサブネット）',
          ),
        },
        exec: {
          type: 'string',
          valueName: 'PROGRAM',
          description: tx(
            'run PROGRAM per event (or per digest)',
            'イベントごと（またはまとめごと）に PROGRAM を実行します',
          ),
        },
        digest: {
          type: 'string',
          valueName: 'SECONDS',
          description: tx(
            'collect events and report them every SECONDS (and at the end)',
            'イベントをまとめて SECONDS 秒ごと（と終了時）に報告します',
          ),
        },
        'conflict-seconds': {
          type: 'string',
          valueName: 'N',
          description: tx(
            'two MACs for one address within N s: duplicate-ip',
            'N 秒以内に一つのアドレスに二つの MAC: duplicate-ip とします',
          ),
          defaultText: '10',
        },
        quiet: {
          type: 'boolean',
          short: 'q',
          description: tx('print only the summary', 'まとめだけを表示します'),
        },
        db: {
          type: 'string',
          valueName: 'FILE|URL',
          description: tx(
            'also keep every event in the store (SQLite file or postgres://…; read back with lan events)',
            'すべてのイベントをストアにも保存します（SQLite ファイルまたは postgres://…。「lan events」で読めます）',
          ),
        },
        site: {
          type: 'string',
          valueName: 'NAME',
          description: tx(
            'the name this watch stores its events under (several sites, one store)',
            'イベントを保存するときのサイト名（複数のサイトで一つのストアを使うとき）',
          ),
          defaultText: tx('this host name', 'このホスト名'),
        },
      },
      positionals: { min: 0, max: 1 },
      async run(ctx) {
        return runWatch(ctx);
      },
    },
    {
      name: 'events',
      summary: tx(
        'ARP watch events kept in the store by lan watch --db, newest first, with counts per kind.',
        '「lan watch --db」がストアに保存した ARP 監視のイベントを、新しい順に種類ごとの件数とともに表示します。',
      ),
      usage: 'netdoctor lan events [--since 7d] [--kind KIND] [--site NAME] [--limit N] [--db FILE|URL]',
      examples: [
        'netdoctor lan events --since 24h',
        'netdoctor lan events --kind unknown-mac --since 30d --json',
        'netdoctor lan events --db postgres://netdoctor@db.example.org/netdoctor --site office',
      ],
      options: {
        db: {
          type: 'string',
          valueName: 'FILE|URL',
          description: tx(
            'the store: an SQLite file, or postgres://user@host/database (also NETDOCTOR_DB)',
            '保存先: SQLite ファイル、または postgres://user@host/database（NETDOCTOR_DB でも指定可）',
          ),
        },
        since: {
          type: 'string',
          valueName: '7d',
          description: tx('from how long ago (h, d, w, or a date)', 'いつから（h・d・w または日付）'),
          defaultText: '7d',
        },
        kind: {
          type: 'string',
          valueName: 'KIND',
          description: tx(
            'only events of this kind (e.g. unknown-mac)',
            'この種類のイベントだけ（例: unknown-mac）',
          ),
        },
        site: { type: 'string', valueName: 'NAME', description: tx('only this site', 'このサイトだけ') },
        limit: {
          type: 'string',
          valueName: 'N',
          description: tx('at most N events', '最大 N 件'),
          defaultText: '100',
        },
      },
      positionals: { min: 0, max: 0 },
      async run(ctx) {
        return runEvents(ctx);
      },
    },
  ],
};

async function runEvents(ctx: ActionContext) {
  const o = ctx.options;
  const since = parseSince(typeof o.since === 'string' ? o.since : '7d');
  const limit = o.limit === undefined ? 100 : Number(o.limit);
  if (!(Number.isInteger(limit) && limit > 0)) throw usageError(CLI_ERRORS.countAbove0, '--limit');
  const db = storeOf(ctx);
  // No store yet (nothing was ever kept): no events, and no file created by reading.
  if (!isPostgresUrl(db) && !existsSync(db))
    return {
      findings: [],
      data: { since: new Date(since * 1000).toISOString(), counts: [], events: [] },
      text: pick(tx('no events in this period', 'この期間のイベントはありません'), ctx.lang),
    };
  const history = await openLanHistory(db, { readOnly: true });
  try {
    const query = {
      since,
      limit,
      ...(typeof o.kind === 'string' ? { kind: o.kind } : {}),
      ...(typeof o.site === 'string' ? { site: o.site } : {}),
    };
    const events = await history.events(query);
    const counts = await history.counts(since, query.site);
    const rows = events.map((e) => [
      eventTime(e.time),
      terminalSafe(e.site),
      terminalSafe(e.iface),
      e.kind,
      e.ip,
      e.mac,
      e.oldMac ?? '',
      terminalSafe(e.name ?? ''),
    ]);
    const header =
      ctx.lang === 'ja'
        ? ['時刻', 'サイト', 'IF', '種類', 'アドレス', 'MAC', '以前の MAC', '名前']
        : ['TIME', 'SITE', 'IF', 'KIND', 'ADDRESS', 'MAC', 'OLD MAC', 'NAME'];
    const perKind = counts.map((c) => `${c.kind} ${c.count}`).join(ctx.lang === 'ja' ? '、' : ', ');
    const text =
      events.length === 0
        ? pick(tx('no events in this period', 'この期間のイベントはありません'), ctx.lang)
        : `${table(rows, { header })}\n${pick(tx('per kind: ', '種類ごと: '), ctx.lang)}${perKind}`;
    return {
      findings: [],
      data: { since: new Date(since * 1000).toISOString(), counts, events },
      text,
    };
  } finally {
    await history.close();
  }
}

/**
 * Keeps the watch's events in the store: batched (500 events, or every 2 s when live), one write
 * at a time, so the watch never waits for the database. A failed write is said on stderr and
 * counted; the watch goes on (PostgreSQL writes are already retried for a minute).
 */
const FROM_FILE = '(from file)';

class EventRecorder {
  #pending: LanEventRow[] = [];
  #writing: Promise<void> = Promise.resolve();
  stored = 0;
  failures = 0;

  constructor(
    readonly history: LanHistory,
    readonly site: string,
  ) {}

  add(e: ArpEvent): void {
    this.#pending.push({
      site: this.site,
      // A capture file has no interface: stored as '-'.
      iface: e.iface === FROM_FILE ? '-' : e.iface,
      time: e.time,
      kind: e.kind,
      ip: e.ip,
      mac: e.mac,
      oldMac: e.oldMac,
      name: e.name,
      expected: e.expected,
    });
    if (this.#pending.length >= 500) this.flush();
  }

  flush(): Promise<void> {
    if (this.#pending.length === 0) return this.#writing;
    const batch = this.#pending;
    this.#pending = [];
    this.#writing = this.#writing.then(async () => {
      try {
        this.stored += (await this.history.save(batch)).stored;
      } catch (e) {
        this.failures++;
        process.stderr.write(`netdoctor lan watch: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    });
    return this.#writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.history.close();
  }
}

async function runWatch(ctx: ActionContext) {
  const o = ctx.options;
  const sources = [ctx.args.length > 0, typeof o.interface === 'string', o.neigh === true].filter(
    Boolean,
  ).length;
  if (sources !== 1) throw usageError(CLI_ERRORS.oneSource);
  const inv = typeof o.inventory === 'string' ? await loadInventory(o.inventory, ctx.stdin) : undefined;
  const nets = (Array.isArray(o.net) ? o.net : o.net ? [o.net] : []).map((c) => {
    const s = parseCidr(String(c));
    if (s?.family !== 4) throw usageError(CLI_ERRORS.notSubnet, String(c));
    return s;
  });
  const digest = o.digest === undefined ? undefined : Number(o.digest);
  if (digest !== undefined && !(digest > 0)) throw usageError(CLI_ERRORS.secondsAbove0, '--digest');
  const conflict = o['conflict-seconds'] === undefined ? 10 : Number(o['conflict-seconds']);
  if (!(conflict >= 0)) throw usageError(CLI_ERRORS.seconds, '--conflict-seconds');
  const exec = typeof o.exec === 'string' ? new ExecQueue(o.exec) : undefined;
  const statePath = typeof o.state === 'string' ? o.state : undefined;
  const quiet = o.quiet === true;
  const recorder =
    typeof o.db === 'string' && o.db !== ''
      ? new EventRecorder(
          await openLanHistory(o.db),
          typeof o.site === 'string' && o.site !== '' ? o.site : hostname(),
        )
      : undefined;
  const iface = typeof o.interface === 'string' ? o.interface : o.neigh === true ? 'neigh' : FROM_FILE;
  let events = 0;
  let buffered: ArpEvent[] = [];
  const say = (s: string) => ctx.stdout.write(`${s}\n`);
  const flushDigest = () => {
    if (buffered.length === 0) return;
    const list = buffered;
    buffered = [];
    const byKind = new Map<string, number>();
    for (const e of list) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
    if (ctx.json)
      say(
        JSON.stringify({ digest: { events: list.length, kinds: Object.fromEntries(byKind) }, items: list }),
      );
    else if (!quiet) {
      const kinds = [...byKind].map(([k, n]) => `${k} ${n}`);
      say(
        ctx.lang === 'ja'
          ? `まとめ: イベント ${list.length} 件 — ${kinds.join('、')}`
          : `digest: ${list.length} event(s) — ${kinds.join(', ')}`,
      );
      for (const e of list)
        say(`  ${eventTime(e.time)}  ${localize(eventFinding(e), catalog, ctx.lang).title}`);
    }
    exec?.run(['digest', String(list.length)], JSON.stringify({ events: list }));
  };
  const onEvent = (e: ArpEvent) => {
    events++;
    recorder?.add(e);
    if (digest !== undefined) {
      buffered.push(e);
      return;
    }
    const f = localize(eventFinding(e), catalog, ctx.lang);
    if (ctx.json) say(JSON.stringify({ time: eventTime(e.time), ...f }));
    else if (!quiet) say(`${eventTime(e.time)}  ${f.severity.toUpperCase().padEnd(4)}  ${f.title}`);
    exec?.run([e.kind, e.ip, e.mac, e.oldMac ?? '', e.name ?? ''], JSON.stringify(e));
  };
  const watch = new ArpWatch(onEvent, {
    ...(inv ? { inventory: inv } : {}),
    localNets: nets.length ? nets : inventoryNets(inv),
    conflictSeconds: conflict,
    iface,
  });
  if (statePath) {
    const text = readLive(statePath);
    if (text !== undefined) watch.load(parseArpDat(text, statePath));
  }
  const saveState = () => {
    if (statePath) writeAtomically(statePath, formatArpDat(watch.entries()));
  };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const digestTimer =
    digest !== undefined && ctx.args.length === 0 ? setInterval(flushDigest, digest * 1000) : undefined;
  const stateTimer = statePath && ctx.args.length === 0 ? setInterval(saveState, 60_000) : undefined;
  const recordTimer =
    recorder && ctx.args.length === 0 ? setInterval(() => recorder.flush(), 2000) : undefined;
  let captureError: NetdoctorError | undefined;
  try {
    if (ctx.args.length > 0) {
      const info = await watchCaptureFile(ctx.args[0] as string, watch, { stdin: ctx.stdin });
      captureError = info.error;
    } else if (typeof o.interface === 'string') {
      await watchInterface(o.interface, watch, { signal: controller.signal });
    } else {
      await watchNeighbours(watch, { signal: controller.signal });
    }
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    if (digestTimer) clearInterval(digestTimer);
    if (stateTimer) clearInterval(stateTimer);
    if (recordTimer) clearInterval(recordTimer);
    await recorder?.close();
  }
  if (digest !== undefined) flushDigest();
  saveState();
  await exec?.done();
  const worst = Object.keys(watch.counts).some((k) => EVENT_SEVERITY[k as ArpEvent['kind']] !== 'info');
  const summary = finding(
    'lan.watch.summary',
    worst ? 'warn' : 'info',
    { packets: watch.packets, arp: watch.arpPackets, events, stations: watch.entries().length },
    {
      counts: watch.counts,
      ...(exec ? { execFailures: exec.failures, execDropped: exec.dropped } : {}),
      ...(recorder ? { stored: recorder.stored, storeFailures: recorder.failures } : {}),
    },
  );
  if (captureError) throw captureError;
  if (ctx.json) {
    say(
      JSON.stringify({
        command: 'lan watch',
        summary: localize(summary, catalog, ctx.lang),
        counts: watch.counts,
      }),
    );
    return { findings: [summary], printed: true };
  }
  return { findings: [summary], data: { counts: watch.counts } };
}
