/** Capture errors: one line naming the input, with the byte offset where the problem is. */
import { NetdoctorError } from '../../core/errors.js';

export function truncated(input: string, offset: number, what: string): NetdoctorError {
  return new NetdoctorError('ND_CAPTURE_TRUNCATED', `capture ends in the middle of ${what}`, {
    input,
    offset,
  });
}

export function corrupt(input: string, offset: number, problem: string): NetdoctorError {
  return new NetdoctorError('ND_CAPTURE_CORRUPT', `capture is corrupt: ${problem}`, { input, offset });
}

/** The largest frame we accept; a larger length field means a corrupt record, not a real frame. */
export const MAX_FRAME = 16 * 1024 * 1024;
