/**
 * TTLs as BIND reads them: seconds (`3600`) or units (`1h30m`, `2W`, `1d12h`; w d h m s in any
 * case, each at most once is not required by BIND, so neither here), and back.
 */

const UNIT: Readonly<Record<string, number>> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const TTL_TEXT = /^(?:[0-9]{1,10}|(?:[0-9]{1,10}[wdhmsWDHMS]){1,10})$/;

/** True when the token is a TTL (so a record line's TTL is told apart from a class or type). */
export function isTtl(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && TTL_TEXT.test(text);
}

/** Seconds of a TTL token, or undefined when it is not one or exceeds 2^32 - 1. */
export function parseTtl(text: string): number | undefined {
  if (!TTL_TEXT.test(text)) return undefined;
  let total = 0;
  if (/^[0-9]+$/.test(text)) total = Number(text);
  else {
    for (const m of text.matchAll(/([0-9]+)([a-zA-Z])/g)) {
      total += Number(m[1]) * (UNIT[(m[2] as string).toLowerCase()] as number);
    }
  }
  return total <= 0xffffffff ? total : undefined;
}

/** A TTL the way a person writes it: `3600` → `1h`, `5400` → `1h30m`, `86400` → `1d`. */
export function formatTtl(seconds: number): string {
  if (seconds === 0) return '0';
  let rest = seconds;
  let out = '';
  for (const [u, n] of Object.entries(UNIT)) {
    if (rest >= n) {
      out += `${Math.floor(rest / n)}${u}`;
      rest %= n;
    }
  }
  return out;
}
