/**
 * The JSON audit-log formats, one transaction per JSON document:
 * - v2 (`SecAuditLogFormat JSON`, mod_security2 2.9): `{ transaction: { time, transaction_id,
 *   remote_address … }, request: { request_line, headers }, response: { status },
 *   audit_data: { messages: ["Warning. … [id \"942100\"] …"], action: { intercepted }, engine_mode } }`;
 * - v3 (libmodsecurity 3, `Transaction::toJSON`): `{ transaction: { client_ip, time_stamp, unique_id,
 *   request: { method, uri, headers }, response: { http_code }, producer: { secrules_engine },
 *   messages: [{ message, details: { ruleId, match, data, severity, tags … } }] } }`.
 * Both are read with JSON.parse: the documents are one line each (v3 before 3.0.3 beautified
 * them over several lines; the serial reader gathers those, see serial.ts).
 */
import {
  type AuditEntry,
  addHit,
  applyRequestLine,
  emptyEntry,
  hitFromV3,
  parseAuditTime,
  parseRuleMessage,
} from '../entry.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A header by name, any case (ModSecurity keeps the client's spelling). */
function header(headers: unknown, name: string): string {
  const h = obj(headers);
  if (name in h) return str(h[name]);
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === lower) return str(v);
  return '';
}

function fromV2(doc: Obj): AuditEntry {
  const e = emptyEntry('v2-json');
  const t = obj(doc.transaction);
  e.time = parseAuditTime(str(t.time));
  e.id = str(t.transaction_id);
  e.client = str(t.remote_address);
  const req = obj(doc.request);
  applyRequestLine(e, str(req.request_line));
  e.host = header(req.headers, 'Host');
  e.userAgent = header(req.headers, 'User-Agent');
  e.status = Number(obj(doc.response).status) || 0;
  const audit = obj(doc.audit_data);
  const messages = Array.isArray(audit.messages) ? audit.messages : [];
  for (const m of messages) if (typeof m === 'string' && !addHit(e, parseRuleMessage(m))) break;
  const action = obj(audit.action);
  e.intercepted = action.intercepted === true;
  e.engineMode = str(audit.engine_mode).replace(/"/g, '');
  return e;
}

function fromV3(t: Obj): AuditEntry {
  const e = emptyEntry('v3-json');
  e.time = parseAuditTime(str(t.time_stamp));
  e.id = str(t.unique_id) || str(t.id);
  e.client = str(t.client_ip);
  const req = obj(t.request);
  e.method = str(req.method);
  e.uri = str(req.uri);
  e.host = header(req.headers, 'Host');
  e.userAgent = header(req.headers, 'User-Agent');
  e.status = Number(obj(t.response).http_code) || 0;
  const engine = str(obj(t.producer).secrules_engine);
  e.engineMode =
    engine === 'DetectionOnly' ? 'DETECTION_ONLY' : engine === 'Enabled' ? 'ENABLED' : engine.toUpperCase();
  const messages = Array.isArray(t.messages) ? t.messages : [];
  for (const m of messages) if (!addHit(e, hitFromV3(m))) break;
  return e;
}

/** One JSON document → an entry; undefined when it is not an audit entry of either version. */
export function entryFromJson(text: string): AuditEntry | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const o = obj(doc);
  const t = obj(o.transaction);
  if ('audit_data' in o || 'transaction_id' in t || 'request_line' in obj(o.request)) return fromV2(o);
  if ('client_ip' in t || 'time_stamp' in t || 'messages' in t) return fromV3(t);
  return undefined;
}
