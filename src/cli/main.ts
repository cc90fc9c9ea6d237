/**
 * The netdoctor command line: `netdoctor <capability> [<action>] [args] [flags]`.
 *
 * Thin by design: parse arguments, call the capability's library through its `Action.run`,
 * render findings for a person or as `--json`, and map the outcome to the exit status of the
 * findings contract (0 nothing worse than info, 1 warn/fail, 2 could not do the work).
 */
import { parseArgs } from 'node:util';
import { catalog } from '../catalog.js';
import { isNetdoctorError, NetdoctorError, usageError } from '../core/errors.js';
import { exitStatusFor, sortBySeverity } from '../core/findings.js';
import { chooseLang, localize } from '../core/i18n.js';
import type { Action, Capability, OptionSpec, OptionValues } from './command.js';
import { COMMAND_NAMES, loadCapabilities } from './commands/index.js';
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
    description: 'print one JSON document: { findings, …data } (the stable interface for scripts)',
  },
  lang: {
    type: 'string',
    valueName: 'en|ja',
    description: 'language of the sentences (default: from LC_ALL / LANG)',
  },
  'no-color': { type: 'boolean', description: 'no colours (also: NO_COLOR=1)' },
  progress: { type: 'boolean', description: 'report progress on stderr even when it is not a terminal' },
  debug: { type: 'boolean', description: 'print stack traces for errors' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

function optionLines(options: Record<string, OptionSpec>): string[][] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    const def = o.defaultText ? ` (default: ${o.defaultText})` : '';
    return [flag, `${o.description}${o.multiple ? ' (repeatable)' : ''}${def}`];
  });
}

function mainHelp(capabilities: readonly Capability[]): string {
  const rows = capabilities.map((c) => [c.name, c.summary]);
  const examples = capabilities.map((c) => `  ${c.actions[0]?.examples[0] ?? ''}`);
  return [
    `netdoctor ${VERSION} — diagnose your own network and mail servers`,
    '',
    'Usage: netdoctor <command> [<action>] [arguments] [--json] [--lang en|ja]',
    '',
    'Commands:',
    table(rows, { indent: '  ' }),
    '',
    'Examples:',
    ...examples,
    '',
    'Exit status: 0 nothing worse than info, 1 a warn or fail finding, 2 the command could not run.',
    'Run `netdoctor <command> --help` for a command’s actions and flags.',
  ].join('\n');
}

function capabilityHelp(c: Capability): string {
  const rows = c.actions.map((a) => [a.name || '(default)', a.summary]);
  return [
    `netdoctor ${c.name} — ${c.summary}`,
    '',
    'Actions:',
    table(rows, { indent: '  ' }),
    '',
    'Examples:',
    ...c.actions.map((a) => `  ${a.examples[0] ?? ''}`),
    '',
    `Run \`netdoctor ${c.name} <action> --help\` for an action’s flags.`,
  ].join('\n');
}

function actionHelp(a: Action): string {
  return [
    `Usage: ${a.usage}`,
    '',
    a.summary,
    ...(a.description ? ['', a.description] : []),
    '',
    'Options:',
    table(optionLines(a.options), { indent: '  ' }),
    '',
    'Global options:',
    table(optionLines(GLOBAL_OPTIONS), { indent: '  ' }),
    '',
    'Examples:',
    ...a.examples.map((e) => `  ${e}`),
  ].join('\n');
}

async function findAction(
  argv: string[],
): Promise<{ capability?: Capability; action?: Action; rest: string[] }> {
  const [first, second, ...more] = argv;
  if (first === undefined || !COMMAND_NAMES.includes(first)) return { rest: argv };
  const [capability] = await loadCapabilities(first);
  if (!capability) return { rest: argv };
  const named = capability.actions.find((a) => a.name !== '' && a.name === second);
  if (named) return { capability, action: named, rest: more };
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
    // node:util's messages span lines and suggest `--` for positionals: keep one line.
    const text = (e as Error).message.replace(/\. To specify a positional.*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw usageError(text);
  }
}

/** Runs netdoctor with `argv` (without `node` and the script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const say = (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      say(mainHelp(await loadCapabilities()));
      return argv.length === 0 ? 2 : 0;
    }
    if (argv[0] === '--version' || argv[0] === '-V') {
      say(VERSION);
      return 0;
    }
    const { capability, action, rest } = await findAction(argv);
    if (!capability) throw usageError(`unknown command (run netdoctor --help)`, argv[0]);
    if (!action) {
      if (rest.length === 0 || rest.includes('--help') || rest.includes('-h')) {
        say(capabilityHelp(capability));
        return rest.length === 0 ? 2 : 0;
      }
      throw usageError(
        `unknown action for ${capability.name} (run netdoctor ${capability.name} --help)`,
        rest[0],
      );
    }
    const where = `${capability.name}${action.name ? ` ${action.name}` : ''}`;
    if (rest.includes('--help') || rest.includes('-h')) {
      say(actionHelp(action));
      return 0;
    }
    const { options, args } = parse(action, rest);
    // NETDOCTOR_DNS_SERVER is the default of --server, for every command that takes it.
    const envServers =
      io.env.NETDOCTOR_DNS_SERVER?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    if ('server' in action.options && options.server === undefined && envServers.length > 0)
      options.server = envServers;
    const { min, max } = action.positionals;
    if (args.length < min) throw usageError(`missing argument; usage: ${action.usage}`, where);
    if (max !== undefined && args.length > max) {
      throw usageError(`unexpected argument "${args[max]}"; usage: ${action.usage}`, where);
    }
    let lang: ReturnType<typeof chooseLang>;
    try {
      lang = chooseLang(options.lang as string | undefined, io.env);
    } catch (e) {
      throw usageError((e as Error).message, '--lang');
    }
    const json = options.json === true;
    const color = options['no-color'] !== true && wantsColor(io.stdout, io.env);
    const style = createStyle(color);
    const progress = createProgress(io.stderr, options.progress === true);
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
    const localized = sortBySeverity(result.findings).map((f) => localize(f, catalog, lang));
    if (!result.printed) {
      if (json) {
        say(JSON.stringify({ command: where, ...(result.data ?? {}), findings: localized }, null, 2));
      } else {
        const parts = [result.text, renderFindings(localized, style, lang)].filter(
          (p) => p !== undefined && p !== '',
        );
        say(parts.join('\n\n'));
      }
    }
    return exitStatusFor(result.findings);
  } catch (e) {
    io.stderr.write(`netdoctor: ${errorLine(e)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

function errorLine(e: unknown): string {
  if (isNetdoctorError(e)) return e.oneLine();
  const msg = e instanceof Error ? e.message : String(e);
  return `internal error: ${msg} (run with --debug for details; please report it)`;
}

export { NetdoctorError };
