/**
 * The findings every log command gives about its inputs, whatever it reads them for: an input
 * skipped or read in part (`<prefix>.input.problem`), and lines cut at the reader's cap
 * (`<prefix>.input.cut-lines`). Each command keeps its own ids (and so its own catalog words).
 */
import { type Finding, finding } from '../core/findings.js';
import type { InputReport } from './read.js';

export function inputFindings(
  prefix: string,
  inputs: readonly InputReport[],
  maxLineBytes: number,
): Finding[] {
  const out: Finding[] = [];
  for (const i of inputs) {
    if (i.problem)
      out.push(
        finding(
          `${prefix}.input.problem`,
          'warn',
          { input: i.name, problem: { en: i.problem.sentence('en'), ja: i.problem.sentence('ja') } },
          { input: i.name, code: i.problem.code, message: i.problem.message, linesRead: i.lines },
        ),
      );
    if (i.cut > 0)
      out.push(
        finding(`${prefix}.input.cut-lines`, 'warn', {
          input: i.name,
          count: i.cut,
          kib: Math.round(maxLineBytes / 1024),
        }),
      );
  }
  return out;
}
