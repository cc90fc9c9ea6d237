/** `imap`: the `* OK` greeting (RFC 9051 §7.1.1) and, asked for, STARTTLS in CAPABILITY. */
import { greetingKind } from './greeting.js';

export const imapCheck = greetingKind({
  kind: 'imap',
  label: 'IMAP',
  port: 143,
  ok: '* OK',
  capa: 'a1 CAPABILITY',
  starttls: /\bSTARTTLS\b/i,
  capaEnd: /^a1 /,
});
