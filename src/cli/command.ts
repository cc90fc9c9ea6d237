/**
 * What a CLI command is: a capability (`dns`) with actions (`lookup`, `reverse`), each declaring
 * its flags, positionals, help text and examples, and a `run` that calls the library and returns
 * findings plus the data to render. `main.ts` does the rest (parsing, --json, exit status, errors).
 *
 * Adding an action touches one file, `cli/commands/<capability>.ts`, plus one line in
 * `cli/commands/index.ts` for a new capability.
 */
import type { NetdoctorError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Lang } from '../core/i18n.js';
import type { Progress } from '../core/progress.js';
import type { Text } from './l10n.js';
import type { Style } from './render/style.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help, e.g. `TYPE`. */
  valueName?: string;
  description: Text;
  /** The default, as shown in --help (the action applies it). */
  defaultText?: Text;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface ActionContext {
  /** Positional arguments after the action name. */
  args: string[];
  options: OptionValues;
  lang: Lang;
  /** Text style for the person reading stdout (colour when a TTY and NO_COLOR unset). */
  style: Style;
  json: boolean;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** Progress on stderr for long work (silent unless stderr is a TTY or --progress). */
  progress: Progress;
  debug: boolean;
  /** The process environment (the CLI reads it; the library is handed what it needs). */
  env: NodeJS.ProcessEnv;
}

export interface CommandResult {
  findings: Finding[];
  /** The command's data, merged into the `--json` document next to `findings`. */
  data?: Record<string, unknown>;
  /** Text for a person, printed before the findings (no trailing newline needed). */
  text?: string;
  /**
   * The command wrote its own output to stdout (CSV, a pcap, an e-mail): main prints nothing
   * more, and only sets the exit status from the findings.
   */
  printed?: boolean;
  /**
   * The work stopped at this error after producing the results above (a capture damaged half way):
   * main prints them (`--json`: with an `error` member), then the error line, and exits 2.
   */
  error?: NetdoctorError;
  /** An exit status of the command's own convention (`check --nagios`: 0-3), instead of the findings'. */
  exitStatus?: number;
}

export interface Action {
  /** The action name, or '' for a capability that takes positionals directly (`netdoctor scan …`). */
  name: string;
  summary: Text;
  /** e.g. `netdoctor dns lookup <name> [--type TYPE]…` */
  usage: string;
  /** Examples that work when pasted; the first appears in the capability's help too. */
  examples: string[];
  options: Record<string, OptionSpec>;
  /** Minimum and maximum positionals (max undefined = any). */
  positionals: { min: number; max?: number };
  /**
   * The first positional is a file or `-` for stdin: when it is missing and stdin is not a
   * terminal (`netdoctor mail explain < bounce.eml`), main reads stdin as if `-` were given.
   */
  readsInput?: boolean;
  /**
   * `--server` names what to check (`dns lint --server`: the server to compare with), not the
   * resolver: NETDOCTOR_DNS_SERVER does not fill it.
   */
  serverIsSubject?: boolean;
  /** Longer help text after the usage line (optional). */
  description?: Text;
  run(ctx: ActionContext): Promise<CommandResult>;
}

export interface Capability {
  name: string;
  summary: Text;
  actions: Action[];
}
