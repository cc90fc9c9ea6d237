/**
 * Display filters: a documented subset of Wireshark's language (see README "netdoctor pcap find").
 *
 * @example
 *   const match = compileFilter('tcp.flags.reset == 1 and ip.addr == 10.0.0.0/8');
 *   const view = new PacketView();
 *   view.reset(record);
 *   if (match(view)) console.log(record.frame);
 */
export {
  type FlowEndpoints,
  type FollowChunk,
  type FollowOptions,
  type FollowResult,
  followStream,
  parseEndpoints,
} from '../streams/follow.js';
export { type WriteOptions, type WriteResult, writePackets } from '../write/index.js';
export { compileFilter, type Predicate } from './compile.js';
export { FIELDS, PROTOCOLS } from './fields.js';
export { type FindOptions, type FindResult, findPackets } from './find.js';
export { FilterError } from './lexer.js';
export { type PacketSummary, summarize, summaryLine } from './packet-line.js';
export { type FilterPacket, PacketView } from './packet-view.js';
