/**
 * Text from the network and from files, made safe to show on a terminal: control bytes are
 * shown escaped instead of being obeyed. A TXT record, an SMTP greeting, a bounce, a DMARC
 * reporter's name, a captured SNI or a file name can carry ESC sequences that clear the screen,
 * set the window title (OSC), move the cursor or hide text; C1 controls (U+009B is a one-byte CSI
 * on some terminals) and bidirectional overrides (U+202E reverses what follows) do the same in
 * disguise. The text renderers (tables, findings, the command's text) pass every string through
 * `terminalSafe`; `--json` keeps the original characters as JSON escapes (`jsonText`).
 *
 * @example
 *   terminalSafe('v=spf1 \x1b]0;pwned\x07')  // 'v=spf1 \\x1b]0;pwned\\x07'
 */

/** C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same without line feed and tab, for multi-line text blocks whose lines netdoctor made. */
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface TerminalSafeOptions {
  /** Keep line feeds and tabs (a block of lines); otherwise they are escaped too (one table cell). */
  keepLines?: boolean;
}

/** `s` with every control character shown as `\xNN` / `\uNNNN` (`\n`, `\r`, `\t` by name). */
export function terminalSafe(s: string, options: TerminalSafeOptions = {}): string {
  return s.replace(options.keepLines ? CONTROLS_BUT_LINES : CONTROLS, escaped);
}

/**
 * Characters `JSON.stringify` leaves raw but a terminal may obey (DEL, C1 controls, bidi controls)
 * or a JavaScript parser may choke on (U+2028, U+2029). They can occur only inside strings.
 */
const JSON_RAW = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** `JSON.stringify(value, null, 2)` with every control character written as a `\uXXXX` escape. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_RAW,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
