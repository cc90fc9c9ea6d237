/**
 * The netdoctor command line: `netdoctor <capability> [<action>] [args] [flags]`.
 *
 * Thin by design: parse arguments, call the capability's library through its `Action.run`,
 * render findings for a person or as `--json`, and map the outcome to the exit status of the
 * findings contract (0 nothing worse than info, 1 warn/fail, 2 could not do the work).
 */
import { parseArgs } from 'node:util';
import { isNetdoctorError, NetdoctorError, usageError } from '../core/errors.js';
import { exitStatusFor, sortBySeverity } from '../core/findings.js';
import { chooseLang, type Lang, localize } from '../core/i18n.js';
import type { Action, Capability, OptionSpec, OptionValues } from './command.js';
import { COMMAND_NAMES, loadCapabilities } from './commands/index.js';
import { CLI_ERRORS, errorLine as cliErrorLine, pick, progressIn, type Text, tx } from './l10n.js';
import { jsonText, terminalSafe } from './render/escape.js';
import { renderFindings } from './render/findings.js';
import { createProgress } from './render/progress.js';
import { createStyle, wantsColor } from './render/style.js';
import { table } from './render/table.js';
import { VERSION } from './version.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: {
    type: 'boolean',
    description: tx(
      'print one JSON document: { findings, …data } (the stable interface for scripts)',
      'JSON 文書を 1 つ出力する: { findings, …data }（スクリプトから使う安定したインターフェース）',
    ),
  },
  lang: {
    type: 'string',
    valueName: 'en|ja',
    description: tx(
      'language of the sentences (default: from LC_ALL / LANG)',
      '表示する言語（既定: LC_ALL / LANG から判断）',
    ),
  },
  'no-color': {
    type: 'boolean',
    description: tx('no colours (also: NO_COLOR=1)', '色を付けない（NO_COLOR=1 でも同じ）'),
  },
  progress: {
    type: 'boolean',
    description: tx(
      'report progress on stderr even when it is not a terminal',
      '端末でなくても標準エラー出力に進捗を表示する',
    ),
  },
  debug: {
    type: 'boolean',
    description: tx('print stack traces for errors', 'エラー時にスタックトレースを表示する'),
  },
  help: { type: 'boolean', short: 'h', description: tx('show help', 'ヘルプを表示する') },
};

/** Help's fixed words. */
const H = {
  tagline: tx('diagnose your own network and mail servers', '自前のネットワークとメールサーバーを診断する'),
  usage: tx('Usage', '使い方'),
  mainUsage: tx(
    'netdoctor <command> [<action>] [arguments] [--json] [--lang en|ja]',
    'netdoctor <コマンド> [<アクション>] [引数] [--json] [--lang en|ja]',
  ),
  commands: tx('Commands:', 'コマンド:'),
  actions: tx('Actions:', 'アクション:'),
  examples: tx('Examples:', '例:'),
  options: tx('Options:', 'オプション:'),
  globalOptions: tx('Global options:', '共通オプション:'),
  exitStatus: tx(
    'Exit status: 0 nothing worse than info, 1 a warn or fail finding, 2 the command could not run.',
    '終了ステータス: 0 は info 以下の指摘のみ、1 は warn か fail の指摘あり、2 はコマンドを実行できなかったことを表します。',
  ),
  moreMain: tx(
    'Run `netdoctor <command> --help` for a command’s actions and flags.',
    'コマンドごとのアクションとオプションは `netdoctor <コマンド> --help` で表示できます。',
  ),
  moreCapability: tx(
    'Run `netdoctor {name} <action> --help` for an action’s flags.',
    'アクションごとのオプションは `netdoctor {name} <アクション> --help` で表示できます。',
  ),
  defaultAction: tx('(default)', '（既定）'),
  repeatable: tx(' (repeatable)', '（複数指定可）'),
  defaultIs: tx(' (default: {v})', '（既定: {v}）'),
};

function optionLines(options: Record<string, OptionSpec>, lang: Lang): string[][] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    const def = o.defaultText ? pick(H.defaultIs, lang).replace('{v}', pick(o.defaultText, lang)) : '';
    return [flag, `${pick(o.description, lang)}${o.multiple ? pick(H.repeatable, lang) : ''}${def}`];
  });
}

function mainHelp(capabilities: readonly Capability[], lang: Lang): string {
  const rows = capabilities.map((c) => [c.name, pick(c.summary, lang)]);
  const examples = capabilities.map((c) => `  ${c.actions[0]?.examples[0] ?? ''}`);
  return [
    `netdoctor ${VERSION} — ${pick(H.tagline, lang)}`,
    '',
    `${pick(H.usage, lang)}: ${pick(H.mainUsage, lang)}`,
    '',
    pick(H.commands, lang),
    table(rows, { indent: '  ' }),
    '',
    pick(H.examples, lang),
    ...examples,
    '',
    pick(H.exitStatus, lang),
    pick(H.moreMain, lang),
  ].join('\n');
}

function capabilityHelp(c: Capability, lang: Lang): string {
  const rows = c.actions.map((a) => [a.name || pick(H.defaultAction, lang), pick(a.summary, lang)]);
  return [
    `netdoctor ${c.name} — ${pick(c.summary, lang)}`,
    '',
    pick(H.actions, lang),
    table(rows, { indent: '  ' }),
    '',
    pick(H.examples, lang),
    ...c.actions.map((a) => `  ${a.examples[0] ?? ''}`),
    '',
    pick(H.moreCapability, lang).replace('{name}', c.name),
  ].join('\n');
}

function actionHelp(a: Action, lang: Lang): string {
  const description: Text | undefined = a.description;
  return [
    `${pick(H.usage, lang)}: ${a.usage}`,
    '',
    pick(a.summary, lang),
    ...(description ? ['', pick(description, lang)] : []),
    '',
    pick(H.options, lang),
    table(optionLines(a.options, lang), { indent: '  ' }),
    '',
    pick(H.globalOptions, lang),
    table(optionLines(GLOBAL_OPTIONS, lang), { indent: '  ' }),
    '',
    pick(H.examples, lang),
    ...a.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/**
 * The language for help and errors, read before the arguments are parsed: `--lang X` or
 * `--lang=X` anywhere, else the locale; an unknown value is reported in the locale's language.
 */
function earlyLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  let flag: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') flag = argv[i + 1];
    else if (a.startsWith('--lang=')) flag = a.slice('--lang='.length);
  });
  try {
    return chooseLang(flag, env);
  } catch {
    return chooseLang(undefined, env);
  }
}

/** node:util's parseArgs messages, as one line in `lang` (they name the flag; keep it). */
function parseArgsError(e: unknown): NetdoctorError {
  const text = (e as Error).message.replace(/\. To specify a positional.*$/s, '').replace(/\s*\n\s*/g, ' ');
  const code = (e as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(text)?.[1];
  if (option && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return usageError(CLI_ERRORS.unknownOption, undefined, { option });
  if (option && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const which = /does not take an argument/.test(text)
      ? CLI_ERRORS.optionTakesNoValue
      : /ambiguous/.test(text)
        ? CLI_ERRORS.optionAmbiguous
        : CLI_ERRORS.optionNeedsValue;
    return usageError(which, undefined, { option: option.replace(/ <value>$/, '') });
  }
  return usageError(CLI_ERRORS.badArguments, undefined, { why: text });
}

async function findAction(
  argv: string[],
): Promise<{ capability?: Capability; action?: Action; rest: string[] }> {
  const [first, ...after] = argv;
  if (first === undefined || !COMMAND_NAMES.includes(first)) return { rest: argv };
  const [capability] = await loadCapabilities(first);
  if (!capability) return { rest: argv };
  // An action's name may be several words (`mail dkim keygen`): the longest that starts the rest.
  const words = (a: Action) => a.name.split(' ');
  const named = capability.actions
    .filter((a) => a.name !== '' && words(a).every((w, i) => after[i] === w))
    .sort((a, b) => words(b).length - words(a).length)[0];
  if (named) return { capability, action: named, rest: after.slice(words(named).length) };
  const dflt = capability.actions.find((a) => a.name === '');
  if (dflt) return { capability, action: dflt, rest: argv.slice(1) };
  return { capability, rest: argv.slice(1) };
}

function parse(action: Action, rest: string[]): { options: OptionValues; args: string[] } {
  const spec = { ...GLOBAL_OPTIONS, ...action.options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec)) {
    config[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: config,
      allowPositionals: true,
      strict: true,
    });
    return { options: values as OptionValues, args: positionals };
  } catch (e) {
    throw parseArgsError(e);
  }
}

/** Runs netdoctor with `argv` (without `node` and the script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  let lang: Lang = earlyLang(argv, io.env);
  const say = (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  // Known before parsing, so that a usage error still answers a script in JSON.
  const jsonWanted = argv.includes('--json');
  let where: string | undefined;
  let shownWithResults: unknown;
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      say(mainHelp(await loadCapabilities(), lang));
      return argv.length === 0 ? 2 : 0;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      say(VERSION);
      return 0;
    }
    const { capability, action, rest } = await findAction(argv);
    if (!capability) throw usageError(CLI_ERRORS.unknownCommand, argv[0]);
    if (!action) {
      const help = rest.includes('--help') || rest.includes('-h');
      // `mail dkim` alone: the first word of several actions, as if no action were given.
      const group = rest.length === 1 && capability.actions.some((a) => a.name.startsWith(`${rest[0]} `));
      if (rest.length === 0 || help || group) {
        say(capabilityHelp(capability, lang));
        return help ? 0 : 2;
      }
      throw usageError(CLI_ERRORS.unknownAction, rest[0], { command: capability.name });
    }
    where = `${capability.name}${action.name ? ` ${action.name}` : ''}`;
    if (rest.includes('--help') || rest.includes('-h')) {
      say(actionHelp(action, lang));
      return 0;
    }
    const { options, args } = parse(action, rest);
    // NETDOCTOR_DNS_SERVER is the default of --server, for every command that takes it.
    const envServers =
      io.env.NETDOCTOR_DNS_SERVER?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    if (
      'server' in action.options &&
      !action.serverIsSubject &&
      options.server === undefined &&
      envServers.length > 0
    )
      options.server = envServers;
    const { min, max } = action.positionals;
    if (action.readsInput && args.length === min - 1 && !isTerminal(io.stdin)) args.unshift('-');
    if (args.length < min) throw usageError(CLI_ERRORS.missingArgument, where, { usage: action.usage });
    if (max !== undefined && args.length > max) {
      throw usageError(CLI_ERRORS.extraArgument, where, { arg: args[max] ?? '', usage: action.usage });
    }
    lang = chooseLang(options.lang as string | undefined, io.env);
    const json = options.json === true;
    const color = options['no-color'] !== true && wantsColor(io.stdout, io.env);
    const style = createStyle(color);
    const progress = progressIn(createProgress(io.stderr, options.progress === true), lang);
    const result = await action.run({
      args,
      options,
      lang,
      style,
      json,
      stdin: io.stdin,
      stdout: io.stdout,
      progress,
      debug,
      env: io.env,
    });
    progress.done();
    // The catalog (every capability's sentences) is loaded only when there are findings to word.
    const catalog = result.findings.length > 0 ? (await import('../catalog.js')).catalog : {};
    const localized = sortBySeverity(result.findings).map((f) => localize(f, catalog, lang));
    if (!result.printed) {
      if (json) {
        const error = result.error ? { error: errorMember(result.error) } : {};
        say(jsonText({ command: where, ...(result.data ?? {}), ...error, findings: localized }));
      } else {
        // The command's text holds what the network and files said: shown with controls escaped.
        const text = result.text === undefined ? undefined : terminalSafe(result.text, { keepLines: true });
        const parts = [text, renderFindings(localized, style, lang)].filter(
          (p) => p !== undefined && p !== '',
        );
        say(parts.join('\n\n'));
      }
    }
    if (result.error) {
      shownWithResults = result.error; // its JSON document is printed above
      throw result.error;
    }
    return result.exitStatus ?? exitStatusFor(result.findings);
  } catch (e) {
    // `check --nagios` called wrongly is still a plugin: one UNKNOWN status line on stdout, exit 3.
    if (where === 'check' && argv.includes('--nagios') && !jsonWanted) {
      io.stdout.write(`CHECK UNKNOWN - ${errorLine(e, lang).replace(/[\r\n|]+/g, ' ')}\n`);
      return 3;
    }
    io.stderr.write(`netdoctor: ${errorLine(e, lang)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    if (jsonWanted && e !== shownWithResults) {
      say(jsonText({ command: where ?? argv[0] ?? null, error: errorMember(e), findings: [] }));
    }
    // A plugin that cannot run is UNKNOWN (3) by the monitoring-plugins convention.
    return where === 'check' && argv.includes('--nagios') ? 3 : 2;
  }
}

function isTerminal(stream: NodeJS.ReadableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** The `error` member of a `--json` document on exit 2: `{ code, message, input, offset? }`. */
function errorMember(e: unknown): Record<string, unknown> {
  if (isNetdoctorError(e)) {
    return {
      code: e.code,
      message: e.message,
      input: e.input ?? null,
      ...(e.offset === undefined ? {} : { offset: e.offset }),
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'ND_INTERNAL', message, input: null };
}

/** The one line on stderr; it names inputs (file names, replies), so controls are shown escaped. */
function errorLine(e: unknown, lang: Lang): string {
  if (isNetdoctorError(e) && e.code !== 'ND_INTERNAL') return terminalSafe(cliErrorLine(e, lang));
  const why = isNetdoctorError(e)
    ? String(e.params?.what ?? e.message)
    : e instanceof Error
      ? e.message
      : String(e);
  return terminalSafe(usageError(CLI_ERRORS.internal, undefined, { why }).sentence(lang));
}

export { NetdoctorError };
