/**
 * `write`: the packets a filter selects, into a new pcap or pcapng file that Wireshark and tshark
 * open, with timestamps, captured and original lengths intact.
 *
 * @example
 *   const r = await writePackets('office.pcapng', { filter: 'ip.addr == 192.0.2.7', output: 'vendor.pcapng' });
 *   console.log(`${r.written} packets written to ${r.output}`);
 */
import { internalError, NetdoctorError } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
import { CAPTURE_ERRORS } from '../error-messages.js';
import { type FindOptions, findPackets } from '../filter/find.js';
import {
  type CaptureWriter,
  formatForPath,
  type OutputFormat,
  PcapngWriter,
  PcapWriter,
} from './pcap-writer.js';

export {
  type CaptureWriter,
  formatForPath,
  type OutputFormat,
  PcapngWriter,
  PcapWriter,
} from './pcap-writer.js';

export interface WriteOptions extends FindOptions {
  output: string;
  /** Default: pcapng for `.pcapng` names, pcap otherwise. */
  format?: OutputFormat;
}

export interface WriteResult {
  findings: Finding[];
  output: string;
  format: OutputFormat;
  /** Timestamp resolution written (pcapng: always nanoseconds). */
  resolution: 'micro' | 'nano';
  packets: number;
  written: number;
  filter: string;
  /** Set when the input is truncated or corrupt: the packets before `error.offset` were written. */
  error?: NetdoctorError;
}

/** Thrown inside the read when a pcap started in microseconds meets a nanosecond timestamp. */
class NeedsNanoseconds extends NetdoctorError {}

export async function writePackets(input: string, options: WriteOptions): Promise<WriteResult> {
  const format = options.format ?? formatForPath(options.output);
  const target = { path: options.output, inputs: [input] };
  // pcap keeps one resolution for the file: microseconds unless a timestamp needs nanoseconds,
  // which is known only when one is read; then the file is written again (stdin cannot be).
  for (const nanoseconds of format === 'pcap' ? [false, true] : [true]) {
    const writer: CaptureWriter =
      format === 'pcapng' ? new PcapngWriter(target) : new PcapWriter(target, nanoseconds);
    try {
      const r = await findPackets(input, { ...options, labels: false }, (_view, rec) => {
        if (!nanoseconds && rec.tsNsec % 1000 !== 0) {
          throw new NeedsNanoseconds('ND_USAGE', CAPTURE_ERRORS.nanoFromStdin, { input });
        }
        writer.write(rec);
      });
      writer.close();
      const result: WriteResult = {
        findings: r.findings,
        output: options.output,
        format,
        resolution: nanoseconds ? 'nano' : 'micro',
        packets: r.packets,
        written: writer.packets,
        filter: r.filter,
      };
      if (r.error) result.error = r.error;
      return result;
    } catch (e) {
      writer.abort(); // the target is left as it was
      if (!(e instanceof NeedsNanoseconds)) throw e;
      if (input === '-') {
        throw new NetdoctorError('ND_USAGE', CAPTURE_ERRORS.nanoFromStdin, { option: 'output' });
      }
    }
  }
  throw internalError('unreachable: the nanosecond pass returns or throws');
}
