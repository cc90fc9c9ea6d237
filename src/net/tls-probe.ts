/**
 * The TLS probe: what a server's TLS says about itself — protocol, cipher, and the certificate
 * (subject CN and SANs, issuer, validity, days left, self-signed, whether the chain verifies
 * and whether the name matches). Shared by `netdoctor scan` (HTTPS, IMAPS …) and by
 * `netdoctor mail audit` through `smtp-probe.ts` (STARTTLS): one module, two callers.
 *
 * A certificate that does not verify is data, not an exception: the probe connects with
 * `rejectUnauthorized: false` and reports what verification would have said. Every network
 * failure (refused, timeout, closed, handshake failure) is a typed `outcome`; only programmer
 * errors (bad options) throw.
 *
 * @example
 *   const r = await probeTls({ host: 'mail.example.org', port: 465, timeoutMs: 5000 });
 *   if (r.outcome === 'ok') console.log(r.protocol, r.certificate?.daysLeft, r.chainVerified);
 *
 *   // over a socket already talking plain text (after SMTP STARTTLS → 220):
 *   const { result, secureSocket } = await startTls(plainSocket, { host, servername, timeoutMs });
 */
import net from 'node:net';
import tls from 'node:tls';
import { optionError } from '../core/errors.js';
import { NET_ERRORS } from './error-messages.js';

export interface TlsCertificateInfo {
  subject: string;
  subjectCN?: string;
  /** DNS names and IP addresses from subjectAltName, e.g. `['mail.example.org', '192.0.2.25']`. */
  subjectAltNames: string[];
  issuer: string;
  issuerCN?: string;
  /** ISO 8601 timestamps. */
  validFrom: string;
  validTo: string;
  /** Whole days until validTo (negative once expired). */
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  selfSigned: boolean;
  serialNumber: string;
  fingerprint256: string;
}

export type TlsFailure = 'refused' | 'timeout' | 'closed' | 'unreachable' | 'tls-error';

export interface TlsDetails {
  outcome: 'ok';
  /** e.g. `TLSv1.3`. */
  protocol: string;
  /** e.g. `TLS_AES_256_GCM_SHA384`. */
  cipher: string;
  /** The name checked against the certificate (servername, or host). */
  checkedName: string;
  certificate?: TlsCertificateInfo;
  /** Whether the chain verifies against the system CAs (or the `ca` given). */
  chainVerified: boolean;
  /** OpenSSL's reason when it does not, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  verifyError?: string;
  nameMatches: boolean;
  /** The reason the name does not match, as Node words it. */
  nameError?: string;
  handshakeMs: number;
}

export interface TlsFailed {
  outcome: TlsFailure;
  /** One line: what went wrong, e.g. `connect ECONNREFUSED 127.0.0.1:443`. */
  error: string;
}

export type TlsProbeResult = TlsDetails | TlsFailed;

export interface TlsProbeOptions {
  host: string;
  port: number;
  /** SNI and the name to check; default `host` when it is a name (no SNI for an IP). */
  servername?: string;
  /** Whole probe deadline in milliseconds (connect + handshake). */
  timeoutMs: number;
  /** Trust anchors instead of the system CAs (PEM). */
  ca?: string | Buffer | (string | Buffer)[];
  /** An existing connected socket to upgrade (then host/port only label the result). */
  socket?: net.Socket;
  /** ALPN protocols to offer, e.g. `['h2', 'http/1.1']`. */
  alpnProtocols?: string[];
  /** Gives up the handshake (outcome `closed`) when aborted: another probe already had the answer. */
  signal?: AbortSignal;
}

const DAY_MS = 86_400_000;

function distinguishedName(o: Record<string, string | string[]> | undefined): string {
  if (!o) return '';
  return Object.entries(o)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `DNS:a.example, IP Address:192.0.2.1` → `['a.example', '192.0.2.1']`. */
export function parseSubjectAltNames(san: string | undefined): string[] {
  if (!san) return [];
  return san
    .split(/,\s*/)
    .map((part) => {
      const i = part.indexOf(':');
      return i < 0 ? part.trim() : part.slice(i + 1).trim();
    })
    .filter((s) => s !== '');
}

/** The certificate facts the probe reports, from Node's peer certificate. */
export function describeCertificate(cert: tls.PeerCertificate, now = Date.now()): TlsCertificateInfo {
  const validTo = new Date(cert.valid_to);
  const validFrom = new Date(cert.valid_from);
  const subject = distinguishedName(cert.subject as unknown as Record<string, string>);
  const issuer = distinguishedName(cert.issuer as unknown as Record<string, string>);
  const detailed = cert as tls.DetailedPeerCertificate;
  const info: TlsCertificateInfo = {
    subject,
    subjectAltNames: parseSubjectAltNames(cert.subjectaltname),
    issuer,
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now) / DAY_MS),
    expired: validTo.getTime() < now,
    notYetValid: validFrom.getTime() > now,
    // A self-signed certificate names itself as issuer; Node links it to itself in the chain.
    selfSigned:
      subject === issuer &&
      (detailed.issuerCertificate === undefined ||
        detailed.issuerCertificate.fingerprint256 === cert.fingerprint256),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  };
  const cn = firstValue(cert.subject?.CN as string | string[] | undefined);
  if (cn !== undefined) info.subjectCN = cn;
  const icn = firstValue(cert.issuer?.CN as string | string[] | undefined);
  if (icn !== undefined) info.issuerCN = icn;
  return info;
}

/** Socket error → the probe's outcome words; one place, so every caller reports alike. */
export function socketFailure(e: unknown): TlsFailure {
  const code = (e as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'closed';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'unreachable';
  return 'tls-error';
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

/**
 * Starts TLS on `socket` (already connected), or connects to host:port when `socket` is absent,
 * and resolves with the details plus the open secure socket (the caller closes it).
 */
export function startTls(
  socket: net.Socket | undefined,
  options: Omit<TlsProbeOptions, 'socket'>,
): Promise<{ result: TlsProbeResult; secureSocket?: tls.TLSSocket }> {
  const { host, port, timeoutMs } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw optionError(NET_ERRORS.timeoutMs, 'timeoutMs', { value: timeoutMs });
  const checkedName = options.servername ?? host;
  const sni = options.servername ?? (net.isIP(host) ? undefined : host);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const connectOptions: tls.ConnectionOptions = {
      rejectUnauthorized: false,
      // Node folds the name check into `authorized`; keep that for the chain alone and check the
      // name separately below, so that each is reported on its own.
      checkServerIdentity: () => undefined,
      ...(sni !== undefined ? { servername: sni } : {}),
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.alpnProtocols ? { ALPNProtocols: options.alpnProtocols } : {}),
      ...(socket ? { socket } : { host, port }),
    };
    const secure = tls.connect(connectOptions);
    const finish = (result: TlsProbeResult, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.removeAllListeners('error');
      secure.on('error', () => {});
      if (keep) resolve({ result, secureSocket: secure });
      else {
        secure.destroy();
        resolve({ result });
      }
    };
    const timer = setTimeout(
      () => finish({ outcome: 'timeout', error: `no TLS handshake within ${timeoutMs} ms` }, false),
      timeoutMs,
    );
    const abandon = () => finish({ outcome: 'closed', error: 'abandoned: answered by another probe' }, false);
    if (options.signal?.aborted) abandon();
    else options.signal?.addEventListener('abort', abandon, { once: true });
    secure.once('error', (e) => {
      const outcome = socketFailure(e);
      finish({ outcome, error: oneLine(e) }, false);
    });
    secure.once('close', () =>
      finish({ outcome: 'closed', error: 'connection closed during the TLS handshake' }, false),
    );
    secure.once('secureConnect', () => {
      const peer = secure.getPeerCertificate(true);
      const hasCert = peer && Object.keys(peer).length > 0;
      const cipher = secure.getCipher();
      const details: TlsDetails = {
        outcome: 'ok',
        protocol: secure.getProtocol() ?? 'unknown',
        cipher: cipher?.standardName ?? cipher?.name ?? 'unknown',
        checkedName,
        chainVerified: secure.authorized,
        nameMatches: false,
        handshakeMs: Math.round(performance.now() - started),
      };
      if (!secure.authorized && secure.authorizationError)
        details.verifyError = String(secure.authorizationError);
      if (hasCert) {
        details.certificate = describeCertificate(peer);
        const nameError = tls.checkServerIdentity(checkedName, peer);
        details.nameMatches = nameError === undefined;
        if (nameError) details.nameError = oneLine(nameError);
      } else {
        details.nameError = 'the server sent no certificate';
      }
      finish(details, true);
    });
  });
}

/**
 * Connects (or upgrades `options.socket`), completes the handshake, reports, and closes.
 * Never throws for network or certificate problems: see `outcome`.
 */
export async function probeTls(options: TlsProbeOptions): Promise<TlsProbeResult> {
  const { socket, ...rest } = options;
  const { result, secureSocket } = await startTls(socket, rest);
  secureSocket?.end();
  secureSocket?.destroySoon?.();
  return result;
}
