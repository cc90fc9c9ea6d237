/**
 * Finds English prose in text meant for Japanese readers: what the `--lang ja` acceptance test
 * fails on. Allowed are identifiers (finding ids, record types, field names, kebab-case and
 * dotted names, ALL-CAPS acronyms), numbers, addresses, paths, flags, commands (from
 * `netdoctor …` or `$ …` to the end of the line, and example lines) and quoted text (record text,
 * server replies, the user's input) in "…", '…', `…` and 「…」.
 *
 * Prose is: three ordinary English words in a row ("the first report"), two lower-case ones
 * ("port only"), or an English function word between other words ("SPF or DKIM"). Detected word
 * by word, so no line is ever allowed whole.
 *
 * @example
 *   englishRuns('SPF か DKIM のどちらかが必要です'); // []
 *   englishRuns('the first report 以降');           // ['the first report']
 */

/** Small English words that only appear in sentences, never alone as a value. */
const FUNCTION_WORDS = new Set(
  'a an the of or and to for with in on at by from into than then is are was were be been not no this that these those it its as if when which who whose what where there here per via only each every any all some more less but so such about after before over under between'.split(
    ' ',
  ),
);

/** Words that are values or units, not prose, even in lower case (protocol keywords, units). */
const VALUE_WORDS = new Set(
  'ok pass fail none neutral softfail permerror temperror policy quarantine reject enforce testing yes ms s tcp udp ip ipv4 ipv6 dns http https tls smtp esmtp esmtps esmtpsa imap pop3 ssh ftp telnet gzip zip xml json csv pcap pcapng svg dkim spf dmarc arc ptr mx txt soa ns cname aaaa localhost stdin stdout stderr root rsa ed25519 sha1 sha256 gmail yahoo docomo google postfix bind named sshd sendmail procmail'.split(
    ' ',
  ),
);

/** Programs admins type: `name args…` is a command, not prose. */
const PROGRAMS = [
  'netdoctor',
  '\\$',
  'sudo',
  'dig',
  'nslookup',
  'rndc',
  'named-checkzone',
  'postconf',
  'postfix',
  'postqueue',
  'systemctl',
  'journalctl',
  'tcpdump',
  'tshark',
  'opendkim-genkey',
  'certbot',
  'chronyc',
  'timedatectl',
  'nft',
  'iptables',
  'firewall-cmd',
  'ufw',
  'ip',
  'ss',
  'grep',
  'openssl',
  'sendmail',
  'crontab',
  'swanctl',
  'ipsec',
  'rspamadm',
  'chown',
  'shred',
];
/** From the program's name to the end of the line, or of the parenthesis that holds it. */
const COMMAND = new RegExp(`(^|[\\s(（:：、])(${PROGRAMS.join('|')})\\s[^)）]*`, 'g');

function stripAllowed(line: string): string {
  let s = line.replace(/\x1b\[[0-9;]*m/g, '');
  // Quoted text: "…", '…' (not apostrophes inside words), `…`, 「…」, <…>.
  s = s
    .replace(/"[^"]*"/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/「[^」]*」/g, ' ')
    .replace(/<[^>\s]*>/g, ' ');
  s = s.replace(/(^|[^A-Za-z])'[^']*'(?![A-Za-z])/g, '$1 ');
  // Record text as the DNS holds it (SPF, DKIM, DMARC, MTA-STS, TLS-RPT), to the end of its bracket.
  s = s.replace(/v=(spf1|DKIM1|DMARC1|STSv1|TLSRPTv1)\b[^)）」]*/g, ' ');
  // The error line's program name and subject (the input, the flag): `netdoctor: <input>: …`.
  s = s.replace(/^netdoctor: (?:[^\s:]+: )?/, ' ');
  return s.replace(COMMAND, '$1 ');
}

/** A token that is a name or a value rather than a word of a sentence. */
function isIdentifier(tok: string): boolean {
  if (/[0-9._:/=@#$%\\|~{}[\]()+*&^<>]/.test(tok)) return true; // dotted, numbers, paths, addresses, key=value
  if (/^-/.test(tok)) return true; // flags
  if (/[a-z]-[a-z]/i.test(tok)) return true; // kebab-case ids
  if (/[A-Z].*[A-Z]/.test(tok)) return true; // acronyms, CamelCase
  if (/[a-z][A-Z]/.test(tok)) return true; // camelCase option names
  return VALUE_WORDS.has(tok.toLowerCase());
}

type Kind = 'word' | 'fn' | 'other';

function kindOf(token: string): Kind {
  const bare = token.replace(/^[("'[]+|[)"'.,:;!?\]]+$/g, '');
  if (bare === '' || isIdentifier(bare)) return 'other';
  if (!/^[A-Za-z][a-z']*$/.test(bare)) return 'other';
  return FUNCTION_WORDS.has(bare) ? 'fn' : 'word';
}

/** The runs of English prose in `text` (empty when it reads as Japanese). */
export function englishRuns(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    // Anything non-ASCII (Japanese, 、。（）) or a list separator ends a run of English words.
    for (const chunk of stripAllowed(raw).split(/[^\x20-\x7e]+|[,;]\s|\s{2,}/)) {
      const tokens = chunk.split(/\s+/).filter((t) => t !== '');
      const kinds = tokens.map(kindOf);
      let i = 0;
      while (i < tokens.length) {
        if (kinds[i] === 'other') {
          i++;
          continue;
        }
        let j = i;
        while (j < tokens.length && kinds[j] !== 'other') j++;
        const run = tokens.slice(i, j);
        const lower = run.filter((t) => /^[("']*[a-z]/.test(t)).length;
        const hasFn = kinds.slice(i, j).includes('fn');
        // an English function word with something on both sides ("SPF or DKIM", "per IP address")
        const fnBetween = kinds.some((k, n) => k === 'fn' && n > 0 && n < tokens.length - 1);
        // a count and its English unit: "161 packets", "3 flows"
        const unit = i > 0 && /^\d[\d,.]*$/.test(tokens[i - 1] ?? '') && /^[a-z]/.test(run[0] ?? '');
        if (run.length >= 3 || (run.length >= 2 && (lower >= 2 || hasFn)) || fnBetween || unit) {
          found.push(fnBetween && run.length < 2 ? chunk.trim() : run.join(' '));
        }
        i = j;
      }
    }
  }
  return [...new Set(found)];
}
