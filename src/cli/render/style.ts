/** Terminal styling: colour only when stdout is a TTY and NO_COLOR is unset (https://no-color.org). */
import type { Severity } from '../../core/findings.js';

export interface Style {
  color: boolean;
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) =>
  on ? `\x1b[${open}m${s}\x1b[${close}m` : s;

const SEVERITY_COLOUR: Record<Severity, number> = { ok: 32, info: 36, warn: 33, fail: 31 };

export function createStyle(color: boolean): Style {
  return {
    color,
    bold: wrap(color, 1, 22),
    dim: wrap(color, 2, 22),
    severity: (sev, s) => wrap(color, SEVERITY_COLOUR[sev], 39)(s),
  };
}

/** Whether to colour output written to `stream`, honouring NO_COLOR and FORCE_COLOR. */
export function wantsColor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return 'isTTY' in stream && (stream as NodeJS.WriteStream).isTTY === true;
}
