// Where encoded batches go: an append-only file (reopened for logrotate) or standard output. Both
// write asynchronously (libuv's thread pool), never with a synchronous call on the event loop, and
// run their operations one at a time so a reopen never interleaves with a write.
import { write as writeFd } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface Sink {
  /** Opens the destination if it is not open yet; rejects with AccessLogError when it cannot. */
  open(): Promise<void>;
  write(data: string): Promise<void>;
  /** Closes the destination; the next write opens it again (a new file after logrotate moved it). */
  close(): Promise<void>;
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

function serial(): <T>(op: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(op: () => Promise<T>) => {
    const next = chain.then(op);
    chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };
}

export function createFileSink(path: string): Sink {
  const run = serial();
  let handle: FileHandle | null = null;
  const ensure = async (): Promise<FileHandle> => {
    if (handle) return handle;
    try {
      handle = await open(path, 'a', 0o640);
    } catch (error) {
      throw new AccessLogError(path, error as NodeJS.ErrnoException);
    }
    return handle;
  };
  return {
    open: () => run(async () => void (await ensure())),
    write: (data) =>
      run(async () => {
        const file = await ensure();
        const bytes = Buffer.from(data, 'utf8');
        for (let offset = 0; offset < bytes.length; ) offset += (await file.write(bytes, offset)).bytesWritten;
      }),
    close: () =>
      run(async () => {
        const current = handle;
        handle = null;
        await current?.close();
      }),
  };
}

function writeSome(fd: number, bytes: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writeFd(fd, bytes, offset, bytes.length - offset, null, (error, written) => (error ? reject(error) : resolve(written)));
  });
}

const EAGAIN_RETRY_MS = 5;
const EAGAIN_MAX_TRIES = 2_000; // 10 s of a stuck reader, then the batch is dropped and counted

/** `-`: file descriptor 1, written from the thread pool like a file (no sync write on the loop). */
export function createStdoutSink(fd = 1): Sink {
  const run = serial();
  return {
    open: async () => undefined,
    write: (data) =>
      run(async () => {
        const bytes = Buffer.from(data, 'utf8');
        let tries = 0;
        for (let offset = 0; offset < bytes.length; ) {
          try {
            offset += await writeSome(fd, bytes, offset);
          } catch (error) {
            // A non-blocking pipe whose reader is slow: wait a little, bounded.
            if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || ++tries > EAGAIN_MAX_TRIES) throw error;
            await new Promise((resolve) => setTimeout(resolve, EAGAIN_RETRY_MS));
          }
        }
      }),
    close: async () => undefined,
  };
}
