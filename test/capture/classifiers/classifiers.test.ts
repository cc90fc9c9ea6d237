/**
 * The classifiers, table style: crafted payloads of each protocol, in flow order, and the label
 * (with evidence and details) the engine must give; then near misses that must not match.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFlowClassifier, type Transport } from '../../../src/capture/classifiers/index.js';
import {
  ikeNoProposalChosen,
  ikeSaInitRequest,
  ikev1MainModeRequest,
  ikev1NoProposalChosen,
} from '../ike-packets.js';
import * as P from './payloads.js';

type Packet = [from: 'c' | 's', payload: Uint8Array];
interface Row {
  name: string;
  transport: Transport;
  ports: [client: number, server: number];
  packets: Packet[];
  protocol: string;
  evidence?: 'payload' | 'port' | 'none';
  details?: Record<string, string | number>;
}

const { ascii } = P;
const session = [1, 2, 3, 4, 5, 6, 7, 8];

const rows: Row[] = [
  {
    name: 'DNS query and answer',
    transport: 'udp',
    ports: [40000, 53],
    packets: [
      ['c', P.dnsQuery('www.example.org')],
      ['s', P.dnsResponse('www.example.org')],
    ],
    protocol: 'dns',
    details: { query: 'www.example.org' },
  },
  {
    name: 'DNS on an odd port',
    transport: 'udp',
    ports: [40000, 5300],
    packets: [['c', P.dnsQuery('example.org')]],
    protocol: 'dns',
  },
  {
    name: 'DNS over TCP',
    transport: 'tcp',
    ports: [40000, 53],
    packets: [['c', P.bytes(P.be16(P.dnsQuery('a.example').length), P.dnsQuery('a.example'))]],
    protocol: 'dns',
    details: { query: 'a.example' },
  },
  {
    name: 'HTTP request with Host',
    transport: 'tcp',
    ports: [40000, 8081],
    packets: [
      ['c', ascii('GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: curl/8.5\r\n\r\n')],
    ],
    protocol: 'http',
    details: { host: 'www.example.org', userAgent: 'curl/8.5' },
  },
  {
    name: 'HTTP seen from the answer only',
    transport: 'tcp',
    ports: [40000, 80],
    packets: [['s', ascii('HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n')]],
    protocol: 'http',
    details: { server: 'nginx' },
  },
  {
    name: 'TLS 1.3 with SNI',
    transport: 'tcp',
    ports: [40000, 443],
    packets: [
      ['c', P.clientHello('mail.example.jp')],
      ['s', P.serverHello(0x0304)],
    ],
    protocol: 'tls',
    details: { sni: 'mail.example.jp', offered: 'TLS 1.3', version: 'TLS 1.3' },
  },
  {
    name: 'TLS ClientHello split over two segments (SNI in the second)',
    transport: 'tcp',
    ports: [40000, 443],
    packets: [
      ['c', P.clientHello('split.example.jp').subarray(0, 60)],
      ['c', P.clientHello('split.example.jp').subarray(60)],
      ['s', P.serverHello(0x0304)],
    ],
    protocol: 'tls',
    details: { sni: 'split.example.jp', offered: 'TLS 1.3', version: 'TLS 1.3' },
  },
  {
    name: 'TLS on port 80',
    transport: 'tcp',
    ports: [40000, 80],
    packets: [['c', P.clientHello('x.example', [0x0303])]],
    protocol: 'tls',
    details: { sni: 'x.example', offered: 'TLS 1.2' },
  },
  {
    name: 'QUIC v1 Initial',
    transport: 'udp',
    ports: [40000, 443],
    packets: [['c', P.bytes([0xc3], P.be32(1), [8], P.zeros(1200))]],
    protocol: 'quic',
    details: { version: 'QUIC v1' },
  },
  {
    name: 'QUIC draft-29',
    transport: 'udp',
    ports: [40000, 8443],
    packets: [['c', P.bytes([0xc0], P.be32(0xff00001d), [8], P.zeros(1200))]],
    protocol: 'quic',
    details: { version: 'draft-29' },
  },
  {
    name: 'SSH banners',
    transport: 'tcp',
    ports: [40000, 2222],
    packets: [
      ['s', ascii('SSH-2.0-OpenSSH_9.6\r\n')],
      ['c', ascii('SSH-2.0-PuTTY_0.80\r\n')],
    ],
    protocol: 'ssh',
    details: { serverBanner: 'SSH-2.0-OpenSSH_9.6', clientBanner: 'SSH-2.0-PuTTY_0.80' },
  },
  {
    name: 'SMTP with STARTTLS',
    transport: 'tcp',
    ports: [40000, 25],
    packets: [
      ['s', ascii('220 mx.example.jp ESMTP Postfix\r\n')],
      ['c', ascii('EHLO client.example\r\n')],
      ['s', ascii('250-mx.example.jp\r\n250 STARTTLS\r\n')],
      ['c', ascii('STARTTLS\r\n')],
      ['s', ascii('220 2.0.0 Ready to start TLS\r\n')],
      ['c', P.clientHello('mx.example.jp', [0x0303])],
    ],
    protocol: 'smtp',
    details: {
      banner: '220 mx.example.jp ESMTP Postfix',
      starttls: 'yes',
      sni: 'mx.example.jp',
      offered: 'TLS 1.2',
    },
  },
  {
    name: 'SMTP on an odd port',
    transport: 'tcp',
    ports: [40000, 10025],
    packets: [['s', ascii('220 relay.example ESMTP\r\n')]],
    protocol: 'smtp',
  },
  {
    name: 'POP3 with STLS',
    transport: 'tcp',
    ports: [40000, 110],
    packets: [
      ['s', ascii('+OK Dovecot ready.\r\n')],
      ['c', ascii('STLS\r\n')],
    ],
    protocol: 'pop',
    details: { banner: '+OK Dovecot ready.', starttls: 'yes' },
  },
  {
    name: 'IMAP with STARTTLS',
    transport: 'tcp',
    ports: [40000, 143],
    packets: [
      ['s', ascii('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n')],
      ['c', ascii('a1 STARTTLS\r\n')],
    ],
    protocol: 'imap',
    details: { banner: '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready', starttls: 'yes' },
  },
  {
    name: 'FTP greeting',
    transport: 'tcp',
    ports: [40000, 2121],
    packets: [
      ['s', ascii('220 (vsFTPd 3.0.5)\r\n')],
      ['c', ascii('USER anonymous\r\n')],
    ],
    protocol: 'ftp',
    details: { banner: '220 (vsFTPd 3.0.5)' },
  },
  {
    name: 'FTP without the word FTP',
    transport: 'tcp',
    ports: [40000, 2121],
    packets: [
      ['s', ascii('220 Welcome\r\n')],
      ['c', ascii('USER bob\r\n')],
    ],
    protocol: 'ftp',
  },
  {
    name: 'DHCP discover',
    transport: 'udp',
    ports: [68, 67],
    packets: [['c', P.dhcpDiscover()]],
    protocol: 'dhcp',
    details: { messageType: 'DISCOVER' },
  },
  {
    name: 'NTP client',
    transport: 'udp',
    ports: [40000, 123],
    packets: [['c', P.ntpClient()]],
    protocol: 'ntp',
    details: { version: 4, mode: 'client' },
  },
  {
    name: 'SMB2 negotiate',
    transport: 'tcp',
    ports: [40000, 445],
    packets: [['c', P.smbNegotiate(true)]],
    protocol: 'smb',
    details: { version: 'SMBv2/3' },
  },
  {
    name: 'SMB1 on 139 after a session request',
    transport: 'tcp',
    ports: [40000, 139],
    packets: [
      ['c', P.bytes([0x81, 0, 0, 0x44], P.zeros(68))],
      ['c', P.smbNegotiate(false)],
    ],
    protocol: 'smb',
    details: { version: 'SMBv1' },
  },
  {
    name: 'RDP connection request',
    transport: 'tcp',
    ports: [40000, 3390],
    packets: [['c', P.rdpConnectionRequest('admin')]],
    protocol: 'rdp',
    details: { user: 'admin' },
  },
  {
    name: 'Gnutella TCP handshake',
    transport: 'tcp',
    ports: [50284, 53258],
    packets: [['c', ascii('GNUTELLA CONNECT/0.6\r\nUser-Agent: gtk-gnutella/1.2.2\r\n\r\n')]],
    protocol: 'gnutella',
    details: { kind: 'TCP', first: 'GNUTELLA CONNECT/0.6', agent: 'gtk-gnutella/1.2.2' },
  },
  {
    name: 'Gnutella UDP ping',
    transport: 'udp',
    ports: [28681, 30577],
    packets: [['c', P.gnutellaUdpPing()]],
    protocol: 'gnutella',
    details: { kind: 'Gnutella message' },
  },
  {
    name: 'Gnutella2 datagram',
    transport: 'udp',
    ports: [28681, 31743],
    packets: [['c', P.g2Datagram()]],
    protocol: 'gnutella',
    details: { kind: 'G2 datagram' },
  },
  {
    name: 'Gnutella HTTP download',
    transport: 'tcp',
    ports: [50330, 46906],
    packets: [
      [
        'c',
        ascii(
          'GET /uri-res/N2R?urn:sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 HTTP/1.1\r\nHost: 192.0.2.5\r\n\r\n',
        ),
      ],
    ],
    protocol: 'gnutella',
  },
  {
    name: 'BitTorrent handshake',
    transport: 'tcp',
    ports: [50000, 51413],
    packets: [['c', P.btHandshake()]],
    protocol: 'bittorrent',
    details: { kind: 'handshake', infoHash: '0102030405060708090a0b0c0d0e0f1011121314' },
  },
  {
    name: 'BitTorrent tracker announce',
    transport: 'tcp',
    ports: [50000, 80],
    packets: [
      [
        'c',
        ascii(
          'GET /announce?info_hash=%01%02%03&peer_id=abc&port=6881 HTTP/1.1\r\nHost: tracker.example\r\n\r\n',
        ),
      ],
    ],
    protocol: 'bittorrent',
    details: { kind: 'tracker' },
  },
  {
    name: 'BitTorrent DHT ping',
    transport: 'udp',
    ports: [50000, 6881],
    packets: [['c', ascii('d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe')]],
    protocol: 'bittorrent',
    details: { kind: 'DHT' },
  },
  {
    name: 'BitTorrent uTP',
    transport: 'udp',
    ports: [50000, 50001],
    packets: [
      ['c', P.utpPacket(4, 0x1234)],
      ['s', P.utpPacket(2, 0x1234)],
    ],
    protocol: 'bittorrent',
    details: { kind: 'uTP' },
  },
  {
    name: 'eDonkey hello',
    transport: 'tcp',
    ports: [50000, 4662],
    packets: [
      ['c', P.bytes([0xe3], P.le32(5), [0x01, 0x10, 1, 2, 3])],
      ['s', P.bytes([0xe3], P.le32(3), [0x4c, 0, 0])],
    ],
    protocol: 'edonkey',
    details: { kind: 'TCP' },
  },
  {
    name: 'IKEv2 refused: NO_PROPOSAL_CHOSEN',
    transport: 'udp',
    ports: [500, 500],
    packets: [
      ['c', ikeSaInitRequest()],
      ['s', ikeNoProposalChosen()],
    ],
    protocol: 'isakmp',
    details: {
      version: 'IKEv2',
      exchange: 'IKE_SA_INIT',
      proposed: 'aes128-sha1-prfsha1-modp1024',
      notify: 'NAT_DETECTION_SOURCE_IP, NO_PROPOSAL_CHOSEN',
      error: 'NO_PROPOSAL_CHOSEN',
      errorFrom: 'responder',
    },
  },
  {
    name: 'IKEv1 Main Mode refused: NO-PROPOSAL-CHOSEN',
    transport: 'udp',
    ports: [500, 500],
    packets: [
      ['c', ikev1MainModeRequest()],
      ['s', ikev1NoProposalChosen()],
    ],
    protocol: 'isakmp',
    details: {
      version: 'IKEv1',
      exchange: 'Main Mode',
      proposed: 'aes256-sha1-modp1024',
      notify: 'NO_PROPOSAL_CHOSEN',
      error: 'NO_PROPOSAL_CHOSEN',
      errorFrom: 'responder',
    },
  },
  {
    name: 'IKE behind the NAT-T marker',
    transport: 'udp',
    ports: [4500, 4500],
    packets: [['c', P.bytes(P.zeros(4), ikeSaInitRequest())]],
    protocol: 'isakmp',
    details: {
      version: 'IKEv2',
      exchange: 'IKE_SA_INIT',
      proposed: 'aes128-sha1-prfsha1-modp1024',
      notify: 'NAT_DETECTION_SOURCE_IP',
    },
  },
  {
    name: 'ESP in UDP on 4500',
    transport: 'udp',
    ports: [4500, 4500],
    packets: [['c', P.bytes(P.be32(0xc0ffee01), P.be32(1), P.zeros(40))]],
    protocol: 'isakmp',
    details: { espInUdp: 'yes', espToServer: 1 },
  },
  {
    name: 'L2TP control message',
    transport: 'udp',
    ports: [1701, 1701],
    packets: [['c', P.l2tpSccrq()]],
    protocol: 'l2tp',
    details: { version: 2 },
  },
  {
    name: 'OpenVPN reset and echo',
    transport: 'udp',
    ports: [40000, 11940],
    packets: [
      ['c', P.openvpnReset(7, session)],
      ['s', P.openvpnReset(8, [9, 9, 9, 9, 9, 9, 9, 9], session)],
    ],
    protocol: 'openvpn',
  },
  {
    name: 'syslog RFC 3164',
    transport: 'udp',
    ports: [40000, 5140],
    packets: [['c', ascii('<34>Oct 11 22:14:15 mymachine su: su root failed')]],
    protocol: 'syslog',
    details: { facility: 4, severity: 'crit' },
  },
  {
    name: 'syslog RFC 5424 over TCP, octet counting',
    transport: 'tcp',
    ports: [40000, 6514],
    packets: [['c', ascii('52 <165>1 2003-10-11T22:14:15.003Z host app - - - hi')]],
    protocol: 'syslog',
    details: { facility: 20, severity: 'notice' },
  },
  {
    name: 'SNMP get',
    transport: 'udp',
    ports: [40000, 161],
    packets: [['c', P.snmpGet()]],
    protocol: 'snmp',
    details: { version: 'v2c', pdu: 'get' },
  },
  // Labels from the port alone, said so.
  {
    name: 'SYN-only flow on 443',
    transport: 'tcp',
    ports: [40000, 443],
    packets: [],
    protocol: 'tls',
    evidence: 'port',
  },
  {
    name: 'unrecognised bytes on 25',
    transport: 'tcp',
    ports: [40000, 25],
    packets: [['c', P.bytes([0, 1, 2, 3, 4, 5, 6, 7])]],
    protocol: 'smtp',
    evidence: 'port',
  },
  {
    name: 'nothing known',
    transport: 'udp',
    ports: [40000, 40001],
    packets: [['c', P.bytes(P.zeros(30))]],
    protocol: 'unknown',
    evidence: 'none',
  },
  // Near misses: the other protocol's look-alikes must not fool the probes.
  {
    name: 'mDNS is not DNS: it is mdns, as tshark names it',
    transport: 'udp',
    ports: [5353, 5353],
    packets: [['c', P.dnsQuery('printer.local')]],
    protocol: 'mdns',
    evidence: 'payload',
  },
  {
    name: 'random bytes are not uTP after one packet',
    transport: 'udp',
    ports: [40000, 40001],
    packets: [['c', P.utpPacket(4, 0x1234)]],
    protocol: 'unknown',
    evidence: 'none',
  },
  {
    name: 'OpenVPN reset without an echo',
    transport: 'udp',
    ports: [40000, 40001],
    packets: [
      ['c', P.openvpnReset(7, session)],
      ['s', P.openvpnReset(8, [9, 9, 9, 9, 9, 9, 9, 9], [7, 7, 7, 7, 7, 7, 7, 7])],
    ],
    protocol: 'unknown',
    evidence: 'none',
  },
  {
    name: 'FTP banner is not SMTP',
    transport: 'tcp',
    ports: [40000, 2121],
    packets: [['s', ascii('220 ProFTPD Server ready\r\n')]],
    protocol: 'ftp',
  },
  {
    name: 'TLS records that do not fit the segment are not TLS',
    transport: 'tcp',
    ports: [40000, 40001],
    packets: [['c', P.bytes([0x17, 3, 3, 0, 50], P.zeros(10))]],
    protocol: 'unknown',
    evidence: 'none',
  },
  {
    name: 'TLS seen after its handshake (application data records)',
    transport: 'tcp',
    ports: [40000, 5223],
    packets: [['c', P.bytes([0x17, 3, 3, 0, 4], [1, 2, 3, 4], [0x17, 3, 3, 0, 2], [5, 6])]],
    protocol: 'tls',
    details: { handshake: 'not seen' },
  },
  {
    name: 'OpenVPN with tls-crypt: the client repeats its session id',
    transport: 'tcp',
    ports: [36138, 443],
    packets: [
      ['c', P.bytes(P.be16(14), P.openvpnReset(7, session).subarray(0, 14))],
      ['s', P.bytes(P.be16(14), P.openvpnReset(8, [9, 9, 9, 9, 9, 9, 9, 9]).subarray(0, 14))],
      ['c', P.bytes(P.be16(14), P.openvpnReset(5, session).subarray(0, 14))],
    ],
    protocol: 'openvpn',
  },
];

for (const row of rows) {
  test(`classifies: ${row.name}`, () => {
    const c = createFlowClassifier({
      transport: row.transport,
      clientPort: row.ports[0],
      serverPort: row.ports[1],
    });
    for (const [from, payload] of row.packets) c.feed(payload, from === 'c');
    const r = c.result();
    assert.equal(r.protocol, row.protocol);
    assert.equal(r.evidence, row.evidence ?? 'payload');
    if (row.details) assert.deepEqual(r.details, row.details);
  });
}

test('stops asking once classified, and ignores what comes after', () => {
  const c = createFlowClassifier({ transport: 'tcp', clientPort: 40000, serverPort: 22 });
  c.feed(P.ascii('SSH-2.0-OpenSSH_9.6\r\n'), false);
  c.feed(P.ascii('SSH-2.0-OpenSSH_9.6\r\n'), true);
  assert.equal(c.done, true);
  c.feed(P.ascii('GET / HTTP/1.1\r\n\r\n'), true);
  assert.equal(c.result().protocol, 'ssh');
});

test('gives up once every probe said no, and falls back to the port', () => {
  const c = createFlowClassifier({ transport: 'tcp', clientPort: 40000, serverPort: 443 });
  for (let i = 0; i < 10 && !c.done; i++) c.feed(P.bytes(P.zeros(40)), i % 2 === 0);
  assert.equal(c.done, true);
  assert.deepEqual(c.result(), { protocol: 'tls', evidence: 'port' });
});

test('empty payloads do not count as packets', () => {
  const c = createFlowClassifier({ transport: 'udp', clientPort: 40000, serverPort: 40001 });
  for (let i = 0; i < 10; i++) c.feed(new Uint8Array(0), true);
  assert.equal(c.done, false);
  c.feed(P.gnutellaUdpPing(), true);
  assert.equal(c.result().protocol, 'gnutella');
});
