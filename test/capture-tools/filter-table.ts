/**
 * The filter conformance table: each expression with the captures it runs on (paths under the
 * shared corpus, or `fixtures/…` for the project's own). `find` must select the same frame numbers
 * as `tshark -r FILE -Y EXPR`.
 */
export interface FilterCase {
  expr: string;
  files: string[];
}

const ANDROID = 'ndpi/pcap/android.pcap';
const GNUTELLA = 'ndpi/pcap/gnutella.pcap';
const DNS_ICMP = 'wireshark/dns+icmp.pcapng.gz';
const SIX_IN_FOUR = 'ndpi/pcap/6in4tunnel.pcap';
const HTTP6 = 'ndpi/pcap/http_ipv6.pcap';
const SMTP = 'ndpi/pcap/smtp.pcap';
const IPSEC = 'ndpi/pcap/ipsec_isakmp_esp.pcap';
const SYNSCAN = 'ndpi/pcap/synscan.pcap';
const TUNNELS = ['wireshark/ipoipoip.pcap', 'ndpi/pcap/vxlan.pcap', 'ndpi/pcap/gre.pcapng'];
const FTP = 'ndpi/pcap/ftp.pcap';
const VPN_IKE = 'fixtures/vpn/ikev2-no-proposal-chosen.pcap';
const VPN_ESP = 'fixtures/vpn/esp-one-way.pcap';

export const FILTER_CASES: FilterCase[] = [
  { expr: 'ip.addr == 10.0.0.0/8', files: [ANDROID, ...TUNNELS] },
  { expr: 'ip.src == 192.168.1.1 or ip.dst == 192.168.1.1', files: [ANDROID, GNUTELLA] },
  { expr: 'ip.addr != 192.168.0.0/16', files: [ANDROID, GNUTELLA, ...TUNNELS] },
  { expr: 'ip.dst == 224.0.0.0/4', files: [ANDROID, GNUTELLA] },
  { expr: 'ip.proto == 17', files: [ANDROID, ...TUNNELS] },
  { expr: 'ip.ttl < 64', files: [ANDROID, SYNSCAN] },
  { expr: 'ipv6', files: [HTTP6, SIX_IN_FOUR] },
  { expr: 'ipv6.addr == fe80::/10', files: [ANDROID, HTTP6] },
  { expr: 'ipv6.dst == ff02::fb', files: [ANDROID, GNUTELLA] },
  { expr: 'eth.addr == ff:ff:ff:ff:ff:ff', files: [ANDROID, GNUTELLA] },
  { expr: 'arp', files: [ANDROID, GNUTELLA] },
  { expr: 'icmp', files: [DNS_ICMP, ANDROID] },
  { expr: 'icmpv6', files: [HTTP6, ANDROID] },
  { expr: 'tcp', files: [DNS_ICMP, SIX_IN_FOUR] },
  { expr: 'udp and not dns', files: [DNS_ICMP, ANDROID] },
  { expr: 'tcp.port == 80', files: [ANDROID, GNUTELLA] },
  { expr: 'tcp.srcport < 1024', files: [SMTP, FTP] },
  { expr: 'tcp.dstport >= 49152', files: [ANDROID, FTP] },
  { expr: 'tcp.port in {80, 443, 8080}', files: [ANDROID, HTTP6] },
  { expr: 'udp.port in {1024..65535}', files: [ANDROID, GNUTELLA] },
  { expr: 'udp.port == 53', files: [DNS_ICMP, ANDROID] },
  { expr: 'udp.length > 100', files: [ANDROID, IPSEC] },
  { expr: 'tcp.flags.syn == 1 and tcp.flags.ack == 0', files: [SYNSCAN, ANDROID] },
  { expr: 'tcp.flags.reset == 1', files: [SYNSCAN, GNUTELLA] },
  { expr: 'tcp.flags.fin == 1 || tcp.flags.reset == 1', files: [ANDROID, SMTP] },
  { expr: 'tcp.flags.push == 1 && tcp.len > 0', files: [SMTP, FTP] },
  { expr: 'tcp.len > 0', files: [SMTP, ANDROID] },
  { expr: 'tcp.len >= 1000', files: [FTP, GNUTELLA] },
  { expr: 'frame.len > 1000', files: [ANDROID, FTP] },
  { expr: 'frame.len <= 64', files: [ANDROID, SYNSCAN] },
  { expr: 'frame.time_relative < 1', files: [ANDROID, GNUTELLA] },
  { expr: 'frame.time_relative >= 10 and frame.time_relative < 20', files: [ANDROID, GNUTELLA] },
  { expr: 'dns', files: [DNS_ICMP, ANDROID] },
  { expr: 'dns.qry.name contains "google"', files: [ANDROID, DNS_ICMP] },
  { expr: 'dns.qry.name == "www.google.com"', files: [ANDROID, 'ndpi/pcap/dns.pcap'] },
  { expr: 'tls', files: [ANDROID, HTTP6, 'ndpi/pcap/tls_alert.pcap', 'ndpi/pcap/443-curl.pcap'] },
  { expr: 'tls and ip.src == 192.168.1.0/24', files: [ANDROID, 'ndpi/pcap/dns_doh.pcap'] },
  {
    expr: 'tls.handshake.extensions_server_name',
    files: [ANDROID, HTTP6, 'ndpi/pcap/tls_esni_sni_both.pcap'],
  },
  { expr: 'tls.handshake.extensions_server_name contains "google"', files: [ANDROID, HTTP6] },
  { expr: 'http.host', files: [ANDROID, 'wireshark/http.pcap'] },
  { expr: 'esp', files: [IPSEC, VPN_ESP, 'wireshark/esp-bug-12671.pcapng.gz'] },
  { expr: 'isakmp', files: [IPSEC, VPN_IKE, VPN_ESP, 'wireshark/ikev1-certs.pcap'] },
  { expr: 'isakmp or esp', files: [VPN_IKE, VPN_ESP] },
  { expr: 'udp.srcport == 4500 and not isakmp', files: [VPN_ESP, IPSEC] },
  { expr: 'ip.src == 10.99.0.1 and esp', files: [VPN_ESP] },
  { expr: 'gnutella', files: [ANDROID] },
  { expr: 'smtp', files: [SMTP, 'ndpi/pcap/smtp-starttls.pcap'] },
  {
    expr: 'tls and tcp.port in {25, 143}',
    files: ['ndpi/pcap/smtp-starttls.pcap', 'ndpi/pcap/imap-starttls.pcap'],
  },
  { expr: 'frame contains "HTTP/1.1"', files: [ANDROID, 'wireshark/http.pcap'] },
  { expr: 'tcp contains "220 "', files: [SMTP, FTP] },
  { expr: '!(ip.addr == 10.0.0.0/8) && tcp', files: [ANDROID, SIX_IN_FOUR] },
  { expr: 'not tcp and not udp', files: [ANDROID, ...TUNNELS] },
  { expr: '(tcp.port == 25 or tcp.port == 21) and tcp.len > 0', files: [SMTP, FTP] },
];
