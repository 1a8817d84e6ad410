// The access log as the gateway sees it: `write(record)` costs one encode and an array push. Lines
// are batched and written by one write per flush (every `flushIntervalMs`, or at once when
// `flushBytes` are waiting), the trade NGINX makes with `access_log … buffer= flush=`. No line is
// dropped for load: the sink writes each batch synchronously, so memory stays bounded by
// `flushBytes` and a slow disk slows the gateway instead of losing its record. Lines are counted as
// dropped only when a write fails or after close().
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
  /** For tests: where '-' writes (default file descriptor 1). */
  readonly stdoutFd?: number;
}

export const ACCESS_LOG_DEFAULTS = { flushIntervalMs: 200, flushBytes: 64 * 1024 } as const;

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
  #pending: string[] = [];
  #pendingChars = 0;
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
    this.#pending.push(line);
    this.#pendingChars += line.length;
    if (this.#pendingChars >= this.#flushBytes) this.#writePending();
    else if (this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#writePending();
      }, this.#flushIntervalMs);
      this.#timer.unref(); // the log never keeps the process alive; close() flushes
    }
  }

  #writePending(): void {
    if (this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    this.#pendingChars = 0;
    try {
      this.#sink.write(lines.join(''));
      this.writtenLines += lines.length;
      this.lastError = null;
    } catch (error) {
      this.droppedLines += lines.length;
      this.lastError = error as Error;
    }
  }

  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#writePending();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    this.#sink.close();
  }

  async reopen(): Promise<void> {
    await this.flush();
    this.#sink.close();
    try {
      this.#sink.open();
    } catch (error) {
      this.lastError = error as Error;
    }
  }

  async ready(): Promise<void> {
    this.#sink.open();
  }
}

/** Reopen the log on a signal (SIGUSR1, as NGINX does for logrotate). Returns the way to stop. */
export function reopenOnSignal(log: AccessLog, signal: NodeJS.Signals = 'SIGUSR1'): () => void {
  const onSignal = () => void log.reopen();
  process.on(signal, onSignal);
  return () => process.off(signal, onSignal);
}
