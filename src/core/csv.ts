/**
 * One CSV cell, for every `--csv` output (DMARC, mail log, firewall, syslog, WAF): quoted per
 * RFC 4180, and a cell that a spreadsheet would run as a formula (leading = + - @, tab or CR)
 * prefixed with ' — quoting alone does not stop a spreadsheet from evaluating it, and log and
 * report fields come from strangers.
 */
export function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
