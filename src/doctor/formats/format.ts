// The contract of a format parser. The hot path calls `quick` on every line: it finds only what
// every line is counted by (status, time, target) from the bytes, without making strings. Only
// when `quick` says so (an error status, a termination flag, …) does the engine call `decode`,
// right after, on the same line, to build the full LogEvent.
import type { FormatId, LogEvent } from '../event.ts';

/** Filled in place by `quick` (one object reused for every line). */
export interface QuickLine {
  /** Status the client got (0 = none). */
  status: number;
  timeMs: number;
  /** Byte span of the (last) target in the line; -1 when none. */
  targetStart: number;
  targetEnd: number;
  /** The line needs `decode`. */
  decode: boolean;
}

export function createQuickLine(): QuickLine {
  return { status: 0, timeMs: Number.NaN, targetStart: -1, targetEnd: -1, decode: false };
}

export interface LineFormat {
  readonly id: FormatId;
  /** False when the line is not of this format (counted as malformed). */
  quick(buf: Uint8Array, start: number, end: number, out: QuickLine): boolean;
  /** Called only right after a successful `quick` on the same line. */
  decode(buf: Buffer, start: number, end: number, file: string, line: number): LogEvent | null;
}

/** How a file is read: its format and the options of templated formats. */
export interface FormatSpec {
  readonly id: FormatId;
  /** NGINX `log_format` string or HAProxy `log-format` string, when not the default. */
  readonly template?: string;
}
