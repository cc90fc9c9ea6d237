/**
 * Writing a file the user named, so that no file is ever harmed: the output is written to a
 * temporary file in the same directory and renamed over the target only when it is complete, and
 * an output that is one of the command's inputs is refused before anything is opened.
 *
 * "Is the output the input?" is decided by device + inode (`stat`, which follows symlinks), never
 * by the spelling of the path: `c.pcap`, `./c.pcap`, `/abs/c.pcap`, `../dir/c.pcap`, a symlink to
 * it and a hard link to it are all the same file. stdin (`-`) counts when it is a regular file
 * (`netdoctor pcap write - -o c.pcap < c.pcap`). A device or a named pipe (`/dev/null`, a FIFO a
 * reader waits on) has no content to keep, and is written directly.
 *
 * Hand-written rather than `write-file-atomic`: the capture writer streams records synchronously
 * from the reader's callback into a file descriptor, which that library's (data-in-one-call) API
 * does not offer; the same few lines serve the whole-buffer case.
 *
 * @example
 *   const out = openOutput('selected.pcap', { inputs: ['office.pcap'] });
 *   writeSync(out.fd, bytes);
 *   out.commit(); // or out.abort() on failure: the target is untouched
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { both, defineErrors, NetdoctorError, systemCode } from './errors.js';

export const OUTPUT_ERRORS = defineErrors('output', {
  isInput: {
    en: 'the output {output} is the input {input}: choose another file',
    ja: '出力先 {output} は入力 {input} と同じファイルです。別のファイルを指定してください',
  },
  cannotWrite: {
    en: 'cannot {doing} the output file ({reason})',
    ja: '出力ファイルを{doing}できません（{reason}）',
  },
  needsFileName: { en: 'needs a file name', ja: 'ファイル名を指定してください' },
  isDirectory: {
    en: 'is a directory, not a file to write',
    ja: 'ディレクトリです。書き込むファイルを指定してください',
  },
});

const DOING = {
  create: both('create', '作成'),
  open: both('open', 'オープン'),
  write: both('write', '書き込み'),
} as const;

export interface OutputOptions {
  /** The command's input files (`-` for stdin): the output must not be any of them. */
  inputs?: readonly string[];
  /**
   * The library option that names the output (`output`, `db`), for the error line: the CLI shows
   * its flag. Without it the error names the output path itself.
   */
  option?: string;
}

/** An output being written: write to `fd`, then `commit()` (rename into place) or `abort()`. */
export interface PendingOutput {
  /** The path the user named. */
  readonly path: string;
  /** The temporary file's descriptor. */
  readonly fd: number;
  /** Flushes, closes and renames the temporary file over the target. */
  commit(): void;
  /** Closes and removes the temporary file; the target is left as it was. Safe to call twice. */
  abort(): void;
}

function statOf(file: string): Stats | undefined {
  try {
    return file === '-' ? fstatSync(0) : statSync(file);
  } catch {
    return undefined; // a missing output is the usual case; an unreadable input fails later, named
  }
}

/** Whether two paths name the same file (device + inode); false when either does not exist. */
export function sameFile(a: string, b: string): boolean {
  const sa = statOf(a);
  const sb = statOf(b);
  if (!sa || !sb) return false;
  if (a === '-' && !sa.isFile()) return false;
  if (b === '-' && !sb.isFile()) return false;
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Throws a one-line usage error when `output` is one of `inputs` (any spelling, links included). */
export function refuseOutputOverInput(output: string, options: OutputOptions = {}): void {
  for (const input of options.inputs ?? []) {
    if (sameFile(output, input)) {
      throw new NetdoctorError('ND_USAGE', OUTPUT_ERRORS.isInput, {
        ...subject(output, options),
        params: { output, input: input === '-' ? both('stdin', '標準入力') : input },
      });
    }
  }
}

/** Who the error is about: the option that named the output, else the output path. */
function subject(output: string, options: OutputOptions): { input: string } | { option: string } {
  return options.option === undefined ? { input: output } : { option: options.option };
}

function writeError(e: unknown, output: string, doing: keyof typeof DOING): NetdoctorError {
  if (e instanceof NetdoctorError) return e;
  return new NetdoctorError('ND_INPUT_UNREADABLE', OUTPUT_ERRORS.cannotWrite, {
    input: output,
    params: { doing: DOING[doing], reason: systemCode(e) ?? String(e) },
    cause: e,
  });
}

/**
 * Opens a temporary file beside `output` (beside the file a symlink points to, so the link is
 * kept), after refusing an output that is an input. Permissions of an existing target are kept.
 */
export function openOutput(output: string, options: OutputOptions = {}): PendingOutput {
  if (output === '' || output === '-') {
    throw new NetdoctorError('ND_USAGE', OUTPUT_ERRORS.needsFileName, subject(output, options));
  }
  refuseOutputOverInput(output, options);
  let target = output;
  let mode = 0o666;
  const existing = statOf(output);
  if (existing) {
    if (existing.isDirectory()) {
      throw new NetdoctorError('ND_USAGE', OUTPUT_ERRORS.isDirectory, { input: output });
    }
    if (!existing.isFile()) return openDevice(output); // /dev/null, a FIFO: nothing to replace
    target = realpathSync(output);
    mode = existing.mode & 0o7777;
  }
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.netdoctor-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  let fd: number;
  try {
    fd = openSync(temp, 'wx', mode);
  } catch (e) {
    throw writeError(e, output, 'create');
  }
  if (existing) {
    try {
      fchmodSync(fd, mode); // the umask applied on create: keep the target's own mode
    } catch {
      // best effort: our own new file; the umask's mode is a safe fallback
    }
  }
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      closeSync(fd);
    }
  };
  return {
    path: output,
    fd,
    commit() {
      try {
        fsyncSync(fd);
        close();
        renameSync(temp, target);
      } catch (e) {
        this.abort();
        throw writeError(e, output, 'write');
      }
    },
    abort() {
      try {
        close();
      } catch {
        // already failing: the first error is the one to report
      }
      try {
        unlinkSync(temp);
      } catch {
        // already renamed or never created
      }
    },
  };
}

/** A device or a named pipe is written directly: there is no file to keep whole or to rename. */
function openDevice(output: string): PendingOutput {
  let fd: number;
  try {
    fd = openSync(output, 'w');
  } catch (e) {
    throw writeError(e, output, 'open');
  }
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      closeSync(fd);
    }
  };
  return {
    path: output,
    fd,
    commit() {
      try {
        close();
      } catch (e) {
        throw writeError(e, output, 'write');
      }
    },
    abort() {
      try {
        close();
      } catch {
        // already failing: the first error is the one to report
      }
    },
  };
}

/** Writes `data` to `output` through a temporary file and a rename (see `openOutput`). */
export function writeOutputFile(
  output: string,
  data: string | Uint8Array,
  options: OutputOptions = {},
): void {
  const out = openOutput(output, options);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let at = 0;
    while (at < bytes.length) at += writeSync(out.fd, bytes, at, bytes.length - at);
  } catch (e) {
    out.abort();
    throw writeError(e, output, 'write');
  }
  out.commit();
}
