/**
 * IPsec in a capture: ESP that flows one way only (the other side's packets never arrived — a
 * firewall dropping IP protocol 50 is the classic cause), IKE that gets no reply (UDP 500/4500
 * blocked or the VPN server down), and IKE notify errors, explained in the words of the admin's
 * configuration (which side proposed what, and what to change).
 */
import { type Finding, finding } from '../../core/findings.js';
import type { Flow } from '../flows/view.js';

export interface IpsecFacts {
  /** `udp`: ESP inside UDP 4500 (NAT traversal); counted within the first 64 packets of that flow. */
  espOneWay: { sender: string; receiver: string; packets: number; udp?: boolean }[];
  ikeNoReply: { initiator: string; responder: string; port: number; packets: number }[];
  ikeErrors: {
    initiator: string;
    responder: string;
    notify: string;
    from: string;
    version: string;
    proposed?: string;
    accepted?: string;
  }[];
}

/** ESP packets one way at least this often, none back, make a one-way ESP finding. */
const ESP_ONE_WAY_MIN = 3;
/** One-way ESP findings beyond this many pairs are left to the data (`ipsec.espOneWay`). */
const ESP_FINDINGS_MAX = 5;

/** An IKE request sent this close to the capture's end may be answered after it (seconds). */
const IKE_GRACE = 5;

/**
 * IPsec findings of a capture's flows. `oneDirection`: the capture holds one direction only (see
 * `oneDirectionOnly` in diagnose.ts), so nothing can be called one-way or unanswered.
 */
export function ipsecFindings(
  flows: readonly Flow[],
  endTime = Number.POSITIVE_INFINITY,
  oneDirection = false,
): { findings: Finding[]; ipsec: IpsecFacts } {
  const findings: Finding[] = [];
  const facts: IpsecFacts = { espOneWay: [], ikeNoReply: [], ikeErrors: [] };
  const told = new Set<string>();
  for (const f of flows) {
    if (f.transport === 'esp') {
      const [out, back] = f.packets;
      if (out >= ESP_ONE_WAY_MIN && back === 0 && !oneDirection) {
        facts.espOneWay.push({ sender: f.client, receiver: f.server, packets: out });
        if (facts.espOneWay.length > ESP_FINDINGS_MAX) continue;
        findings.push(
          finding(
            'pcap.esp.one-way',
            'fail',
            { sender: f.client, receiver: f.server, packets: out },
            { sender: f.client, receiver: f.server, packetsSent: out, packetsBack: 0, bytesSent: f.bytes[0] },
          ),
        );
      }
      continue;
    }
    if (f.application !== 'isakmp') continue;
    const d = f.details ?? {};
    const toServer = Number(d.espToServer ?? 0);
    const toClient = Number(d.espToClient ?? 0);
    const oneWay =
      (toServer >= ESP_ONE_WAY_MIN && toClient === 0) || (toClient >= ESP_ONE_WAY_MIN && toServer === 0);
    if (oneWay && !oneDirection) {
      const [sender, receiver] = toServer > 0 ? [f.client, f.server] : [f.server, f.client];
      const packets = Math.max(toServer, toClient);
      facts.espOneWay.push({ sender, receiver, packets, udp: true });
      findings.push(
        finding(
          'pcap.esp.one-way-udp',
          'fail',
          { sender, receiver, packets },
          { sender, receiver, espPacketsSent: packets, espPacketsBack: 0, port: 4500, ...d },
        ),
      );
    }
    // NAT keepalives (one 0xFF byte, RFC 3948 §2.3) go one way by design: only an IKE message
    // left unanswered counts.
    const retried = f.packets[0] >= 2 || f.lastTime < endTime - IKE_GRACE;
    if (f.packets[1] === 0 && f.packets[0] > 0 && d.exchange !== undefined && retried && !oneDirection) {
      facts.ikeNoReply.push({
        initiator: f.client,
        responder: f.server,
        port: f.serverPort,
        packets: f.packets[0],
      });
      findings.push(
        finding(
          'pcap.ike.no-reply',
          'fail',
          { initiator: f.client, responder: f.server, port: f.serverPort, packets: f.packets[0] },
          { initiator: f.client, responder: f.server, port: f.serverPort, packets: f.packets[0], ...d },
        ),
      );
    }
    if (d.error === undefined) continue;
    const fromSide = String(d.errorFrom ?? 'responder');
    const e = {
      initiator: f.client,
      responder: f.server,
      notify: String(d.error),
      from: fromSide === 'initiator' ? f.client : f.server,
      version: String(d.version ?? 'IKE'),
      ...(d.proposed !== undefined ? { proposed: String(d.proposed) } : {}),
      ...(d.accepted !== undefined ? { accepted: String(d.accepted) } : {}),
    };
    facts.ikeErrors.push(e);
    // One finding per pair and notify: NAT-T moves the same exchange from port 500 to 4500.
    const key = `${e.initiator} ${e.responder} ${e.notify}`;
    if (told.has(key)) continue;
    told.add(key);
    findings.push(notifyFinding(e));
  }
  return { findings, ipsec: facts };
}

function notifyFinding(e: IpsecFacts['ikeErrors'][number]): Finding {
  const common = { initiator: e.initiator, responder: e.responder, version: e.version };
  if (e.notify === 'NO_PROPOSAL_CHOSEN') {
    return finding('pcap.ike.no-proposal-chosen', 'fail', { ...common, proposed: e.proposed ?? '?' }, e);
  }
  if (e.notify === 'INVALID_KE_PAYLOAD') {
    // RFC 7296 §1.2: the responder names the DH group it wants; the initiator should retry with it.
    const retried = e.accepted !== undefined;
    return finding('pcap.ike.invalid-ke-payload', retried ? 'info' : 'warn', common, e);
  }
  return finding('pcap.ike.notify-error', 'fail', { ...common, notify: e.notify, from: e.from }, e);
}
