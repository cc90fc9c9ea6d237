/**
 * `write`: the packets a filter selects, into a new pcap or pcapng file that Wireshark and tshark
 * open, with timestamps, captured and original lengths intact.
 *
 * @example
 *   const r = await writePackets('office.pcapng', { filter: 'ip.addr == 192.0.2.7', output: 'vendor.pcapng' });
 *   console.log(`${r.written} packets written to ${r.output}`);
 */
import { NetdoctorError } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
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
  if (input !== '-' && options.output === input) {
    throw new NetdoctorError('ND_USAGE', 'the output file is the input file', { input: '--output' });
  }
  // pcap keeps one resolution for the file: microseconds unless a timestamp needs nanoseconds,
  // which is known only when one is read; then the file is written again (stdin cannot be).
  for (const nanoseconds of format === 'pcap' ? [false, true] : [true]) {
    const writer: CaptureWriter =
      format === 'pcapng' ? new PcapngWriter(options.output) : new PcapWriter(options.output, nanoseconds);
    try {
      const r = await findPackets(input, { ...options, labels: false }, (_view, rec) => {
        if (!nanoseconds && rec.tsNsec % 1000 !== 0) {
          throw new NeedsNanoseconds('ND_USAGE', 'nanosecond timestamps', { input });
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
      try {
        writer.close();
      } catch {
        // the first error is the one to report
      }
      if (!(e instanceof NeedsNanoseconds)) throw e;
      if (input === '-') {
        throw new NetdoctorError(
          'ND_USAGE',
          'the capture has nanosecond timestamps: write it from stdin as .pcapng, or from a file',
          { input: '--output' },
        );
      }
    }
  }
  throw new Error('unreachable: the nanosecond pass returns or throws');
}
