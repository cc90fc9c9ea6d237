/** What a banner probe learns about one open port. */
import type { SmtpProbeResult } from '../../net/smtp-probe.js';
import type { TlsProbeResult } from '../../net/tls-probe.js';

export interface HttpInfo {
  status: number;
  statusText: string;
  /** Response headers, names lower-case (the first of repeated headers). */
  headers: Record<string, string>;
  /** Headers that reveal software versions: `[name as sent, value]`. */
  revealing: [string, string][];
}

export interface DnsInfo {
  transport: 'udp' | 'tcp';
  /** RCODE of the reply to `version.bind CH TXT`, or `no-answer`. */
  rcode: string;
  /** The version string the server gave away, if any. */
  version?: string;
}

export interface ServiceInfo {
  /** nmap-style service name: ssh, smtp, ftp, pop3, imap, http, https, domain, telnet, ssl, unknown. */
  service: string;
  /** The server's first line, printable. */
  banner?: string;
  product?: string;
  version?: string;
  /** Whether the protocol offers an upgrade to TLS (SMTP/IMAP STARTTLS, POP3 STLS, FTP AUTH TLS). */
  starttls?: boolean;
  /** The port speaks TLS from the first byte. */
  tlsWrapped?: boolean;
  tls?: TlsProbeResult;
  http?: HttpInfo;
  smtp?: SmtpProbeResult;
  dns?: DnsInfo[];
  /** Why the probe learned nothing (timeout, closed …). */
  error?: string;
}

export interface ProbeContext {
  address: string;
  port: number;
  timeoutMs: number;
  /** The host name the user gave for this address (SNI, Host header, certificate check). */
  name?: string;
  /** Trust anchors for certificate checks (PEM); default the system CAs. */
  ca?: string | Buffer;
}
