/**
 * Writes a generated firewalld drop log of `lines` lines (default 3,000,000, about 770 MB) as
 * rsyslog writes it to /var/log/firewalld or /var/log/messages: one day of kernel LOG lines under
 * firewalld's LogDenied prefixes (`filter_IN_public_REJECT: `, `FINAL_REJECT: `,
 * `STATE_INVALID_DROP: `), most of them from one address knocking on one port (the story of issue
 * 18), plus busy pairs with fixed weights, a scanner, background noise from many addresses, UDP
 * (its second LEN=), ICMP errors with their bracketed inner packet, IPv6 (printed in full),
 * broadcasts, and a few lines of other programs. Deterministic (seeded).
 *
 * Usage: node --import tsx bench/logs/generate.ts OUT.log [LINES]
 */
import { createWriteStream } from 'node:fs';
import { rng } from '../../test/harness/rng.js';

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The busy (source, port) pairs and their share of the lines: distinct, so the top list is stable. */
const BUSY: [string, number, number][] = [
  ['203.0.113.77', 3389, 0.44],
  ['198.51.100.23', 22, 0.08],
  ['203.0.113.9', 445, 0.05],
  ['192.0.2.200', 23, 0.035],
  ['198.51.100.81', 5900, 0.025],
  ['203.0.113.150', 1433, 0.018],
  ['192.0.2.14', 8080, 0.013],
  ['198.51.100.5', 25, 0.009],
  ['203.0.113.201', 3306, 0.006],
  ['192.0.2.66', 6379, 0.004],
];

export async function generate(out: string, lines = 3_000_000): Promise<{ lines: number; bytes: number }> {
  const r = rng(18);
  const w = createWriteStream(out, { highWaterMark: 4 << 20 });
  const start = Date.UTC(2026, 11, 5, 0, 0, 0);
  let bytes = 0;
  let chunk: string[] = [];
  const cum: number[] = [];
  let acc = 0;
  for (const b of BUSY) cum.push((acc += b[2]));
  const mac = 'MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:08:00';
  for (let i = 0; i < lines; i++) {
    const t = new Date(start + Math.floor((i / lines) * 86_400_000));
    const stamp = `${MON[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} fw1.example `;
    const x = r();
    const id = Math.floor(r() * 65535);
    const spt = 1024 + Math.floor(r() * 64000);
    let line: string;
    const busy = cum.findIndex((c) => x < c);
    if (busy >= 0) {
      const [src, port] = BUSY[busy] as [string, number, number];
      line = `${stamp}kernel: filter_IN_public_REJECT: IN=eth0 OUT= ${mac} SRC=${src} DST=192.0.2.10 LEN=52 TOS=0x00 PREC=0x00 TTL=${40 + (id % 80)} ID=${id} DF PROTO=TCP SPT=${spt} DPT=${port} WINDOW=64240 RES=0x00 SYN URGP=0 `;
    } else if (x < 0.8) {
      // background: many sources, common ports
      const src = `198.18.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
      const port = [22, 23, 80, 443, 8080, 2323, 5555, 81, 8443, 37215][Math.floor(r() * 10)] as number;
      line = `${stamp}kernel: filter_IN_public_REJECT: IN=eth0 OUT= ${mac} SRC=${src} DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=${40 + (id % 80)} ID=${id} PROTO=TCP SPT=${spt} DPT=${port} WINDOW=1024 RES=0x00 SYN URGP=0 `;
    } else if (x < 0.88) {
      // a scanner sweeping ports
      line = `${stamp}kernel: filter_IN_public_REJECT: IN=eth0 OUT= ${mac} SRC=198.51.100.199 DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=52 ID=${id} PROTO=TCP SPT=61000 DPT=${1 + (i % 20000)} WINDOW=1024 RES=0x00 SYN URGP=0 `;
    } else if (x < 0.93) {
      const src = `198.19.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
      line = `${stamp}kernel: filter_IN_public_REJECT: IN=eth0 OUT= ${mac} SRC=${src} DST=192.0.2.10 LEN=${60 + (id % 400)} TOS=0x00 PREC=0x00 TTL=50 ID=${id} PROTO=UDP SPT=${spt} DPT=${[53, 123, 161, 1900, 5060][id % 5]} LEN=${40 + (id % 400)} `;
    } else if (x < 0.96) {
      // broadcasts on the LAN side (LogDenied=all)
      line = `${stamp}kernel: FINAL_REJECT: IN=eth1 OUT= MAC=ff:ff:ff:ff:ff:ff:00:1f:29:02:0d:5f:08:00 SRC=192.168.10.${(id % 200) + 2} DST=192.168.10.255 LEN=78 TOS=0x00 PREC=0x00 TTL=64 ID=${id} PROTO=UDP SPT=137 DPT=137 LEN=58 `;
    } else if (x < 0.975) {
      line = `${stamp}kernel: STATE_INVALID_DROP: IN=eth0 OUT= ${mac} SRC=198.18.${id % 256}.${(id >> 8) % 256} DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=240 ID=${id} PROTO=TCP SPT=${spt} DPT=443 WINDOW=0 RES=0x00 RST URGP=0 `;
    } else if (x < 0.985) {
      line = `${stamp}kernel: filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:6b:2e:01:00:1f:29:02:0d:5f:86:dd SRC=2001:0db8:0000:0000:0000:0000:0000:${(id % 4096).toString(16).padStart(4, '0')} DST=2001:0db8:0000:0000:0000:0000:0000:0010 LEN=80 TC=0 HOPLIMIT=57 FLOWLBL=${id} PROTO=TCP SPT=${spt} DPT=22 WINDOW=64800 RES=0x00 SYN URGP=0 `;
    } else if (x < 0.986) {
      // an ICMP error this host sent: the bracketed inner packet is the one it answers
      line = `${stamp}kernel: filter_OUT_public_REJECT: IN= OUT=eth0 SRC=192.0.2.10 DST=198.19.${id % 256}.7 LEN=92 TOS=0x00 PREC=0xC0 TTL=64 ID=${id} PROTO=ICMP TYPE=3 CODE=3 [SRC=198.19.${id % 256}.7 DST=192.0.2.10 LEN=64 TOS=0x00 PREC=0x00 TTL=50 ID=${id} PROTO=UDP SPT=${spt} DPT=${33434 + (id % 64)} LEN=44 ] `;
    } else {
      line = `${stamp}systemd[1]: Started session ${id} of user admin.`;
    }
    chunk.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (chunk.length === 20000) {
      if (!w.write(`${chunk.join('\n')}\n`)) await new Promise<void>((res) => w.once('drain', () => res()));
      chunk = [];
    }
  }
  if (chunk.length) w.write(`${chunk.join('\n')}\n`);
  await new Promise<void>((res, rej) => w.end((e?: Error | null) => (e ? rej(e) : res())));
  return { lines, bytes };
}

if (process.argv[1]?.endsWith('generate.ts') && process.argv[2]) {
  const g = await generate(process.argv[2], Number(process.argv[3] ?? 3_000_000));
  console.log(`${g.lines} lines, ${(g.bytes / 1e6).toFixed(0)} MB`);
}
