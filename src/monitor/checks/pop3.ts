/** `pop3`: the `+OK` greeting (RFC 1939 §4) and, asked for, STLS in CAPA (RFC 2595). */
import { greetingKind } from './greeting.js';

export const pop3Check = greetingKind({
  kind: 'pop3',
  label: 'POP3',
  port: 110,
  ok: '+OK',
  capa: 'CAPA',
  starttls: /^STLS\b/i,
  capaEnd: /^\.$/,
});
