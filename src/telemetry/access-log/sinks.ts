// Where encoded batches go: an append-only file (reopened for logrotate) or standard output. A
// batch is written with one synchronous write(2), as NGINX does for `access_log … buffer=`: a 64 KiB
// append to the page cache costs tens of microseconds (well under a microsecond per line), keeps
// lines in order, and — unlike writes from libuv's thread pool — cannot fall behind when the
// gateway's core is saturated (the thread pool then starves and lines would have to be dropped).
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Sink {
  /** Opens the destination if it is not open yet; throws AccessLogError when it cannot. */
  open(): void;
  write(data: string): void;
  /** Closes the destination; the next write opens it again (a new file after logrotate moved it). */
  close(): void;
}

export class AccessLogError extends Error {
  readonly code = 'ERR_ACCESS_LOG_OPEN';
  readonly path: string;

  constructor(path: string, cause: NodeJS.ErrnoException) {
    super(
      `access log ${path}: cannot open for appending (${cause.code ?? cause.message}). ` +
        'Fix: create its directory and let the gatewise user write to it, or set access_log.path: - (standard output).',
      { cause },
    );
    this.name = 'AccessLogError';
    this.path = path;
  }
}

/** write(2) until every byte is written; a full non-blocking pipe is retried briefly, bounded. */
function writeAll(fd: number, data: string): void {
  const bytes = Buffer.from(data, 'utf8');
  let stalls = 0;
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      // A pipe whose reader is slow: wait a little (bounded), then give the batch up as an error.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++stalls > EAGAIN_MAX_TRIES) throw error;
      Atomics.wait(SLEEPER, 0, 0, EAGAIN_RETRY_MS);
    }
  }
}

const EAGAIN_RETRY_MS = 1;
const EAGAIN_MAX_TRIES = 10_000; // 10 s of a stuck reader, then the batch is counted as dropped
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

export function createFileSink(path: string): Sink {
  let fd: number | null = null;
  const ensure = (): number => {
    if (fd !== null) return fd;
    try {
      fd = openSync(path, 'a', 0o640);
    } catch (error) {
      throw new AccessLogError(path, error as NodeJS.ErrnoException);
    }
    return fd;
  };
  return {
    open: () => void ensure(),
    write: (data) => writeAll(ensure(), data),
    close: () => {
      const current = fd;
      fd = null;
      if (current !== null) closeSync(current);
    },
  };
}

/** `-`: file descriptor 1. */
export function createStdoutSink(fd = 1): Sink {
  return {
    open: () => undefined,
    write: (data) => writeAll(fd, data),
    close: () => undefined,
  };
}
