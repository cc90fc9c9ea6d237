/** The zone model shared by the parser, the writers and the checks. */
import type { ErrorParams, ErrorText } from '../../core/errors.js';
import type { ZoneRecordData } from './rdata.js';

export type { ZoneRecordData } from './rdata.js';

/** One resource record of a zone file, with where it was written. */
export interface ZoneRecord {
  /** Absolute owner name with the trailing dot, case as written (`www.example.org.`). */
  owner: string;
  /** TTL in seconds as the file gives it (explicit, `$TTL` or inherited; see `explicitTtl`). */
  ttl: number;
  /** `IN`, `CH`, `HS` or `CLASSnnn`. */
  class: string;
  /** Mnemonic (`MX`) or `TYPEnnn`. */
  type: string;
  /** Typed data (`{ type: 'MX', preference, exchange }`), or `fields`/`unknown` for the rest. */
  data: ZoneRecordData;
  /** The data in canonical presentation form, as `named-compilezone -D` prints it. */
  rdata: string;
  /** The file that holds the line (an `$INCLUDE`d file for included records). */
  file: string;
  /** 1-based line of the record's first token. */
  line: number;
  /** True when the line itself gave the TTL. */
  explicitTtl: boolean;
  /** Set for records made by `$GENERATE`. */
  generated?: boolean;
}

/** Something the loader noticed but accepted, as BIND's loader warns about it. */
export interface ZoneNote {
  file: string;
  line: number;
  /** `generate`, `ttl-prior`, `ttl-max`, `out-of-zone`, `rfc1035-ttl`, `duplicate`. */
  code: string;
  message: string;
}

/** A syntax error on one line (collected when `onError: 'collect'`). */
export interface ZoneSyntaxIssue {
  file: string;
  line: number;
  /** The problem in English. */
  message: string;
  /** The problem's catalog sentence and parameters, to word it in any language. */
  text?: ErrorText;
  params?: ErrorParams;
}

export interface Zone {
  /** The zone's name (absolute), the initial `$ORIGIN`. */
  origin: string;
  class: string;
  records: ZoneRecord[];
  notes: ZoneNote[];
  errors: ZoneSyntaxIssue[];
  /** Every file read: the zone file first, then its `$INCLUDE`s in order. */
  files: string[];
}
