// The access log as the gateway sees it: `write(record)` costs one encode and an array push. Lines
// are batched and written by one asynchronous write per flush (every `flushIntervalMs`, or at once
// when `flushBytes` are waiting). Memory is bounded: when the disk cannot keep up and
// `maxBufferedBytes` are waiting, new lines are dropped and counted (for metrics), never queued
// without limit. The same trade NGINX makes with `access_log … buffer= flush=`.
import type { AccessLogConfig, AccessLogFormat } from '../../config/model.ts';
import type { ExchangeRecord } from '../exchange-record.ts';
import { encodeAlbLine } from './alb-line.ts';
import { encodeJsonLine } from './json-line.ts';
import { createFileSink, createStdoutSink, type Sink } from './sinks.ts';

export const ENCODERS: Readonly<Record<AccessLogFormat, (record: ExchangeRecord) => string>> = {
  alb: encodeAlbLine,
  json: encodeJsonLine,
};

export interface AccessLog {
  /** Encode and queue one line; never blocks, never throws for what the record contains. */
  write(record: ExchangeRecord): void;
  /** Write everything queued so far. */
  flush(): Promise<void>;
  /** Flush, then close the file; later writes are dropped and counted. */
  close(): Promise<void>;
  /** Flush, close and reopen the file (logrotate's `postrotate`: send SIGUSR1). */
  reopen(): Promise<void>;
  /** Open the destination now, so a bad path fails at start-up (AccessLogError), not at the first line. */
  ready(): Promise<void>;
  /** Lines not written: buffer full, write failed, or written after close. */
  readonly droppedLines: number;
  readonly writtenLines: number;
  /** The last write or open error, for the admin API; null when writing works. */
  readonly lastError: Error | null;
}

export interface AccessLogOptions {
  readonly flushIntervalMs?: number;
  readonly flushBytes?: number;
  readonly maxBufferedBytes?: number;
  /** For tests: where '-' writes (default file descriptor 1). */
  readonly stdoutFd?: number;
}

export const ACCESS_LOG_DEFAULTS = { flushIntervalMs: 200, flushBytes: 64 * 1024, maxBufferedBytes: 4 * 1024 * 1024 } as const;

const DISABLED: AccessLog = {
  write() {},
  flush: async () => undefined,
  close: async () => undefined,
  reopen: async () => undefined,
  ready: async () => undefined,
  droppedLines: 0,
  writtenLines: 0,
  lastError: null,
};

/** The access log for a config (null = access logging off: a writer that does nothing). */
export function createAccessLog(config: AccessLogConfig | null, options: AccessLogOptions = {}): AccessLog {
  if (config === null) return DISABLED;
  const sink = config.path === '-' ? createStdoutSink(options.stdoutFd) : createFileSink(config.path);
  return new BufferedAccessLog(ENCODERS[config.format], sink, { ...ACCESS_LOG_DEFAULTS, ...options });
}

class BufferedAccessLog implements AccessLog {
  readonly #encode: (record: ExchangeRecord) => string;
  readonly #sink: Sink;
  readonly #flushIntervalMs: number;
  readonly #flushBytes: number;
  readonly #maxBufferedBytes: number;
  #pending: string[] = [];
  #pendingChars = 0;
  #inflightChars = 0;
  #draining: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  droppedLines = 0;
  writtenLines = 0;
  lastError: Error | null = null;

  constructor(encode: (record: ExchangeRecord) => string, sink: Sink, options: Required<Omit<AccessLogOptions, 'stdoutFd'>>) {
    this.#encode = encode;
    this.#sink = sink;
    this.#flushIntervalMs = options.flushIntervalMs;
    this.#flushBytes = options.flushBytes;
    this.#maxBufferedBytes = options.maxBufferedBytes;
  }

  write(record: ExchangeRecord): void {
    if (this.#closed) {
      this.droppedLines += 1;
      return;
    }
    let line: string;
    try {
      line = this.#encode(record);
    } catch (error) {
      // A record the encoder cannot handle is a bug of ours; losing one line beats crashing the proxy.
      this.droppedLines += 1;
      this.lastError = error as Error;
      return;
    }
    if (this.#pendingChars + this.#inflightChars + line.length > this.#maxBufferedBytes) {
      this.droppedLines += 1;
      return;
    }
    this.#pending.push(line);
    this.#pendingChars += line.length;
    if (this.#pendingChars >= this.#flushBytes) void this.#drain();
    else if (this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.#drain();
      }, this.#flushIntervalMs);
      this.#timer.unref(); // the log never keeps the process alive; close() flushes
    }
  }

  #drain(): Promise<void> {
    if (this.#draining) return this.#draining;
    this.#draining = (async () => {
      try {
        // Lines queued while a batch is being written go in the next batch of this same loop.
        while (this.#pending.length > 0) {
          const lines = this.#pending;
          const batch = lines.join('');
          this.#pending = [];
          this.#pendingChars = 0;
          this.#inflightChars = batch.length;
          try {
            await this.#sink.write(batch);
            this.writtenLines += lines.length;
            this.lastError = null;
          } catch (error) {
            this.droppedLines += lines.length;
            this.lastError = error as Error;
          } finally {
            this.#inflightChars = 0;
          }
        }
      } finally {
        this.#draining = null;
      }
    })();
    return this.#draining;
  }

  flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    return this.#drain();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    await this.#sink.close();
  }

  async reopen(): Promise<void> {
    await this.flush();
    await this.#sink.close();
    try {
      await this.#sink.open();
    } catch (error) {
      this.lastError = error as Error;
    }
  }

  ready(): Promise<void> {
    return this.#sink.open();
  }
}

/** Reopen the log on a signal (SIGUSR1, as NGINX does for logrotate). Returns the way to stop. */
export function reopenOnSignal(log: AccessLog, signal: NodeJS.Signals = 'SIGUSR1'): () => void {
  const onSignal = () => void log.reopen();
  process.on(signal, onSignal);
  return () => process.off(signal, onSignal);
}
