/**
 * Turns the lines of an audit log into entries, whatever mix of formats it holds:
 * - native (serial) entries, v2 `--45e84a1c-A--` and v3 `---QIB1Mnbz---A--`: parts A (time,
 *   unique id, client), B (request line, Host, User-Agent), F (status), H (one line per rule
 *   message: v2 `Message: …` — its `Apache-Error:` copies are skipped — and v3 `ModSecurity: …`;
 *   `Action: Intercepted`, `Engine-Mode:`) and Z (the end). Other parts are passed over.
 * - JSON documents, one per line (formats/json.ts), or beautified over lines (early v3).
 *
 * An entry that never reaches its Z boundary (a cut file, a crashed writer, a new A boundary
 * first) is counted as unparsed, as is a JSON line that is not an audit entry and text outside
 * any entry. Memory is one entry at a time.
 *
 * Hand-written: no npm package reads ModSecurity audit logs.
 */
import {
  type AuditEntry,
  type AuditFormat,
  addHit,
  applyPartA,
  applyRequestLine,
  emptyEntry,
  parseRuleMessage,
} from '../entry.js';
import { entryFromJson } from './json.js';

/** `--<boundary>-<part>--` (v2: 8 hex digits; v3: `---<boundary>---<part>--`). */
const BOUNDARY = /^(-{2,3})([A-Za-z0-9]{1,64})-{1,3}([A-Z])--$/;
/** A beautified JSON document gathered over lines may not grow beyond this. */
const MAX_GATHERED = 4 * 1024 * 1024;

export interface AssemblerSink {
  entry(e: AuditEntry): void;
  /** An entry or line that could not be read; `why` names it for the examples. */
  unparsed(
    why: 'cut-entry' | 'bad-json' | 'stray-text' | 'cut-line' | 'too-many-messages',
    sample: string,
  ): void;
}

/** The two layouts an audit log is written in (`SecAuditLogFormat Native` or `JSON`). */
export const AUDIT_LAYOUTS = ['serial', 'json'] as const;
export type AuditLayout = (typeof AUDIT_LAYOUTS)[number];

export class EntryAssembler {
  private entry: AuditEntry | undefined;
  private boundary = '';
  private part = '';
  private partLine = 0;
  private gathered: string[] | undefined;
  private gatheredBytes = 0;
  private full = false;

  /**
   * `serial` or `json` reads only entries in that format (the other's lines are stray text,
   * unparsed); by default each entry's format is told from its first line.
   */
  constructor(
    private readonly sink: AssemblerSink,
    private readonly only?: AuditLayout,
  ) {}

  /** One line (without its end); `cut` when the line reader cut it at its cap. */
  line(line: string, cut: boolean): void {
    if (cut) {
      // A cut line inside an entry damages that entry; a cut JSON line is a lost entry.
      if (this.entry) this.dropEntry('cut-line', line);
      else this.sink.unparsed('cut-line', line.slice(0, 200));
      return;
    }
    if (this.gathered) {
      this.gather(line);
      return;
    }
    if (
      this.only !== 'json' &&
      line.length >= 6 &&
      line.charCodeAt(0) === 0x2d &&
      line.charCodeAt(1) === 0x2d
    ) {
      const b = BOUNDARY.exec(line);
      if (b) {
        this.boundaryLine(b[1] as string, b[2] as string, b[3] as string);
        return;
      }
    }
    if (this.entry) {
      this.partText(line);
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (trimmed.charCodeAt(0) === 0x7b && this.only !== 'serial') {
      if (trimmed === '{') {
        this.gathered = [line];
        this.gatheredBytes = line.length;
        return;
      }
      const e = entryFromJson(trimmed);
      if (e) this.sink.entry(e);
      else this.sink.unparsed('bad-json', trimmed.slice(0, 200));
      return;
    }
    this.sink.unparsed('stray-text', trimmed.slice(0, 200));
  }

  /** The input ended: an entry still open was cut. */
  end(): void {
    if (this.entry) this.dropEntry('cut-entry', `${this.boundary} ${this.part}`);
    if (this.gathered) {
      this.sink.unparsed('bad-json', (this.gathered[0] ?? '').slice(0, 200));
      this.gathered = undefined;
    }
  }

  private gather(line: string): void {
    const g = this.gathered as string[];
    g.push(line);
    this.gatheredBytes += line.length + 1;
    if (this.gatheredBytes > MAX_GATHERED) {
      this.gathered = undefined;
      this.sink.unparsed('bad-json', (g[0] ?? '').slice(0, 200));
      return;
    }
    if (line === '}') {
      this.gathered = undefined;
      const e = entryFromJson(g.join('\n'));
      if (e) this.sink.entry(e);
      else this.sink.unparsed('bad-json', g.slice(0, 3).join(' ').slice(0, 200));
    }
  }

  private dropEntry(why: 'cut-entry' | 'cut-line', sample: string): void {
    this.entry = undefined;
    this.part = '';
    this.sink.unparsed(why, sample.slice(0, 200));
  }

  private boundaryLine(dashes: string, boundary: string, part: string): void {
    if (part === 'A') {
      if (this.entry) this.dropEntry('cut-entry', `--${this.boundary}-${this.part}--`);
      const format: AuditFormat = dashes.length === 3 ? 'v3-serial' : 'v2-serial';
      this.entry = emptyEntry(format);
      this.boundary = boundary;
      this.full = false;
    } else if (!this.entry) {
      // A part with no A before it: the start of this entry was lost.
      if (part === 'Z') this.sink.unparsed('cut-entry', `--${boundary}-${part}--`);
      return;
    } else if (boundary !== this.boundary) {
      // Another entry's part inside this one: both are damaged; wait for the next A.
      this.dropEntry('cut-entry', `--${boundary}-${part}--`);
      return;
    }
    this.part = part;
    this.partLine = 0;
    if (part === 'Z') {
      const e = this.entry as AuditEntry;
      this.entry = undefined;
      this.part = '';
      if (this.full) this.sink.unparsed('too-many-messages', e.id);
      this.sink.entry(e);
    }
  }

  private partText(line: string): void {
    const e = this.entry as AuditEntry;
    const n = this.partLine++;
    switch (this.part) {
      case 'A':
        if (n === 0) applyPartA(e, line);
        return;
      case 'B':
        if (n === 0) applyRequestLine(e, line);
        else if (e.host === '' && /^host:/i.test(line)) e.host = line.slice(5).trim();
        else if (e.userAgent === '' && /^user-agent:/i.test(line)) e.userAgent = line.slice(11).trim();
        return;
      case 'F':
        if (n === 0) {
          const s = /^HTTP\/[\d.]+ (\d{3})\b/.exec(line);
          if (s) e.status = Number(s[1]);
        }
        return;
      case 'H':
        this.trailerLine(e, line);
        return;
      default:
        return;
    }
  }

  private trailerLine(e: AuditEntry, line: string): void {
    if (line.startsWith('Message: ')) {
      if (!addHit(e, parseRuleMessage(line.slice(9)))) this.full = true;
    } else if (line.startsWith('Apache-Error: ')) {
      // The error-log copy of a Message line (v2): counted once, from Message.
    } else if (line.startsWith('Action: ')) {
      e.intercepted = line.startsWith('Action: Intercepted');
    } else if (line.startsWith('Engine-Mode: ')) {
      e.engineMode = line.slice(13).replace(/"/g, '').trim();
    } else if (e.format === 'v3-serial' && line.includes('ModSecurity: ')) {
      const at = line.indexOf('ModSecurity: ');
      if (!addHit(e, parseRuleMessage(line.slice(at + 13)))) this.full = true;
    }
  }
}
