/**
 * Receivers that put their own error code in a refusal and publish what each code means: the
 * code says more than the words around it ("Service refused, please try later" is one sentence
 * for a dozen causes at Orange). Each entry reads one receiver's code out of a reply and looks
 * it up; the ranges are the receivers' published tables.
 */
import type { BounceReason } from './bounce-rules.js';

interface ReceiverCodes {
  /** Who publishes the codes, for the reader of this table. */
  receiver: string;
  /** The code in a reply (capture group 1), a short bounded pattern. */
  code: RegExp;
  /** [first, last, reason]: the codes from first to last mean reason. */
  ranges: readonly (readonly [number, number, BounceReason])[];
}

const RECEIVERS: readonly ReceiverCodes[] = [
  {
    // Orange and La Poste (France): "OFR005_505 [505]", "LPN105_104", "OFR_506"; the last three
    // digits are the code (Orange's postmaster pages, "Codes d'erreur").
    receiver: 'Orange / La Poste',
    code: /\b(?:LPNAAA|LPN|OFR|OUK)(?:\d{3})?[-_](\d{3})\b/i,
    ranges: [
      [102, 103, 'blocked'], // source address blocked for spam; service refused
      [104, 104, 'rate-limited'], // too many connections, slow down
      [402, 402, 'auth-required'], // authentification requise
      [403, 405, 'sender-rejected'], // émetteur invalide
      [415, 415, 'sender-rejected'],
      [416, 416, 'user-unknown'], // destinataire invalide
      [417, 417, 'mailbox-full'], // boîte du destinataire pleine
      [418, 418, 'user-unknown'],
      [420, 420, 'mailbox-disabled'], // boîte archivée
      [421, 421, 'sender-rejected'], // mail from not owned by user
      [426, 426, 'mailbox-disabled'], // le compte du destinataire est bloqué
      [505, 505, 'system-error'], // service refused, please try later: their side
      [506, 506, 'content-rejected'], // mail rejeté (spam)
      [510, 510, 'blocked'],
      [514, 514, 'message-too-big'], // taille limite du message atteinte
      [517, 517, 'auth-failed'], // vérification DMARC en échec
      [630, 630, 'content-rejected'], // refused by policy
      [999, 999, 'blocked'],
    ],
  },
  {
    // Charter / Spectrum (US): "AUP#In-1310", "AUP#O-1000"; spectrum.net "Understanding email
    // error codes".
    receiver: 'Spectrum',
    code: /\bAUP#[A-Za-z]{0,3}-?(\d{4})\b/,
    ranges: [
      [1000, 1000, 'blocked'], // your IP address has been blocked due to suspicious activity
      [1020, 1080, 'sender-rejected'], // this account has limited access to send
      [1090, 1090, 'system-error'], // can't be processed, try later
      [1100, 1150, 'rdns-missing'], // full-circle DNS required
      [1160, 1190, 'content-rejected'], // against your domain's security policies
      [1200, 1250, 'blocked'], // flagged by Cloudmark CSI, listed by Spamhaus
      [1260, 1260, 'host-unreachable'], // IPv6 not processed: connect over IPv4
      [1300, 1490, 'rate-limited'], // concurrent connections, messages, recipients
      [1500, 1520, 'sender-rejected'], // sending as another address
      [1530, 1530, 'message-too-big'], // over 20 MB
      [1540, 1550, 'rate-limited'], // too many in a session, too many recipients
      [1580, 1580, 'rate-limited'],
    ],
  },
];

/** The reason a receiver's published code gives to a reply; undefined when it carries none. */
export function reasonFromReceiverCode(reply: string): BounceReason | undefined {
  const text = reply.slice(0, 4096);
  for (const r of RECEIVERS) {
    const code = r.code.exec(text)?.[1];
    if (code === undefined) continue;
    const n = Number(code);
    const hit = r.ranges.find(([first, last]) => n >= first && n <= last);
    if (hit) return hit[2];
  }
  return undefined;
}
