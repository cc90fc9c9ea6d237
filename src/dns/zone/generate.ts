/**
 * BIND's `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`: `$` is the counter,
 * `${offset[,width[,base]]}` adds an offset and formats it (base d, o, x, X, n, N: n/N are
 * reversed nibbles for ip6.arpa), `\$` and `$$` are a literal `$`.
 */

import { ZONE_SYNTAX as S, ZoneLineProblem } from './syntax-messages.js';

/** A bad `$GENERATE` template; the parser reports it as a syntax error at the directive's line. */
export class TemplateError extends ZoneLineProblem {}

export interface GenerateSpec {
  start: number;
  stop: number;
  step: number;
  lhs: string;
  rhs: string;
}

/** Parses `start-stop[/step]`; a `TemplateError` (returned, not thrown) says why it is invalid. */
export function parseRange(text: string): { start: number; stop: number; step: number } | TemplateError {
  const m = /^([0-9]{1,10})(?:-([0-9]{1,10}))?(?:\/([0-9]{1,10}))?$/.exec(text);
  if (!m) return new TemplateError(S.generateRange, { range: text.slice(0, 40) });
  const start = Number(m[1]);
  const stop = m[2] === undefined ? start : Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (start > 0x7fffffff || stop > 0x7fffffff || step > 0x7fffffff)
    return new TemplateError(S.generateRangeMax, { range: text });
  if (stop < start) return new TemplateError(S.generateRangeOrder, { range: text });
  if (step === 0) return new TemplateError(S.generateStepZero, { range: text });
  return { start, stop, step };
}

function format(value: number, width: number, base: string): string {
  if (base === 'n' || base === 'N') {
    // width counts nibbles; a negative value is taken as its 32-bit two's complement, as BIND does.
    let hex = (value >>> 0).toString(16);
    if (base === 'N') hex = hex.toUpperCase();
    const padded = hex.padStart(width, '0');
    return padded.split('').reverse().join('.');
  }
  const radix = base === 'o' ? 8 : base === 'x' || base === 'X' ? 16 : 10;
  let s = Math.abs(value).toString(radix);
  if (base === 'X') s = s.toUpperCase();
  s = s.padStart(width, '0');
  return value < 0 ? `-${s}` : s;
}

/** Substitutes the counter into one template; a string result starting with `!` is an error. */
export function substitute(template: string, value: number): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && template[i + 1] === '$') {
      out += '\\$';
      i++;
    } else if (c === '$') {
      if (template[i + 1] === '$') {
        out += '$';
        i++;
      } else if (template[i + 1] === '{') {
        const end = template.indexOf('}', i);
        if (end < 0) throw new TemplateError(S.generateBrace);
        const m = /^([+-]?[0-9]{1,10})(?:,([0-9]{1,3})(?:,([doxXnN]))?)?$/.exec(template.slice(i + 2, end));
        if (!m)
          throw new TemplateError(S.generateModifier, { modifier: template.slice(i, end + 1).slice(0, 40) });
        const v = value + Number(m[1]);
        if (v > 0x7fffffff) throw new TemplateError(S.generateOverflow, { modifier: m[1] as string, value });
        out += format(v, Number(m[2] ?? 0), m[3] ?? 'd');
        i = end;
      } else out += String(value);
    } else out += c;
  }
  return out;
}

/** Calls `emit(owner, data)` for each counter value. */
export function expandGenerate(spec: GenerateSpec, emit: (owner: string, data: string) => void): void {
  for (let v = spec.start; v <= spec.stop; v += spec.step)
    emit(substitute(spec.lhs, v), substitute(spec.rhs, v));
}
