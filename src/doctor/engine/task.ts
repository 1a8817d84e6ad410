// One unit of work: a whole file (plain or gzip, streamed) or a newline-aligned byte range of a
// plain file. The same function runs in a worker thread or, for inputs that need shared state (an
// NGINX error-log join, stdin), in the main thread.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Tally } from '../aggregate.ts';
import type { FormatSpec } from '../formats/format.ts';
import type { NginxErrorIndex } from '../formats/nginx-error.ts';
import { createFormat } from '../formats/registry.ts';
import { createDrainWindows, type TargetEvent } from '../infer/cloudtrail.ts';
import { createScanner, type PerRequestRecord, type Scanner } from './scanner.ts';

export interface Task {
  readonly index: number;
  /** Path to read; the name shown in reports is `display`. */
  readonly path: string;
  readonly display: string;
  readonly spec: FormatSpec;
  readonly gzip: boolean;
  /** Byte range of a plain file; end -1 = to the end. */
  readonly start: number;
  readonly end: number;
  /** Where to append --per-request records (line numbers relative to the task's first line). */
  readonly recordsPath: string | null;
  readonly targetEvents: readonly TargetEvent[];
}

export interface TaskResult {
  readonly index: number;
  readonly tally: Tally;
  /** Lines in this task (to number the next range's lines). */
  readonly lines: number;
}

const READ_SIZE = 1 << 20;

/** One read buffer per thread, reused by every range task it runs: no per-task 4 MB garbage. */
let shared: Buffer | null = null;

function recordWriter(path: string | null): { write: ((r: PerRequestRecord) => void) | null; close(): void } {
  if (path === null) return { write: null, close() {} };
  const fd = openSync(path, 'a');
  let pending = '';
  return {
    write(r) {
      pending += `${JSON.stringify(r)}\n`;
      if (pending.length > 1 << 18) {
        writeSync(fd, pending);
        pending = '';
      }
    },
    close() {
      if (pending !== '') writeSync(fd, pending);
      closeSync(fd);
    },
  };
}

export async function runTask(task: Task, errors: NginxErrorIndex | null = null, onBytes?: (n: number) => void, input?: NodeJS.ReadableStream): Promise<TaskResult> {
  const format = createFormat(task.spec, errors);
  const records = recordWriter(task.recordsPath);
  const scanner = createScanner({
    file: task.display,
    format,
    onRecord: records.write,
    drains: task.targetEvents.length > 0 ? createDrainWindows(task.targetEvents) : null,
  });
  try {
    if (input !== undefined || task.gzip || task.start < 0) await scanStream(task, scanner, onBytes, input);
    else scanRange(task, scanner, onBytes);
  } finally {
    records.close();
  }
  return { index: task.index, tally: scanner.finish(), lines: scanner.lines };
}

/** Streams a file (gunzipping when needed) or stdin, carrying partial lines between chunks. */
async function scanStream(task: Task, scanner: Scanner, onBytes?: (n: number) => void, input?: NodeJS.ReadableStream): Promise<void> {
  let stream: AsyncIterable<Buffer> = (input ?? createReadStream(task.path, { highWaterMark: 1 << 20 })) as AsyncIterable<Buffer>;
  if (task.gzip) stream = (input ?? createReadStream(task.path, { highWaterMark: 1 << 20 })).pipe(createGunzip({ chunkSize: 1 << 20 }));
  let carry: Buffer | null = null;
  for await (const chunk of stream) {
    onBytes?.(chunk.length);
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
      continue;
    }
    let from = 0;
    if (carry !== null) {
      const first = chunk.indexOf(10);
      const head = Buffer.concat([carry, chunk.subarray(0, first + 1)]);
      scanner.feed(head, 0, head.length);
      from = first + 1;
      carry = null;
    }
    if (last + 1 > from) scanner.feed(chunk, from, last + 1);
    if (last + 1 < chunk.length) carry = Buffer.from(chunk.subarray(last + 1));
  }
  if (carry !== null && carry.length > 0) scanner.feed(carry, 0, carry.length);
}

/** Reads [start, end) of a plain file into one reused buffer; lines that start before `end` are taken whole. */
function scanRange(task: Task, scanner: Scanner, onBytes?: (n: number) => void): void {
  const fd = openSync(task.path, 'r');
  try {
    shared ??= Buffer.allocUnsafe(READ_SIZE);
    let buf = shared;
    let filePos = task.start;
    let have = 0;
    if (task.start > 0) {
      // Begin at the first line that starts at or after `start`.
      const probe = Buffer.allocUnsafe(1);
      readSync(fd, probe, 0, 1, task.start - 1);
      if (probe[0] !== 10) {
        for (;;) {
          // Small probes: a log line is short, so the first newline is usually in the first 64 KB.
          const n = readSync(fd, buf, 0, Math.min(buf.length, 64 << 10), filePos);
          if (n === 0) return;
          const nl = buf.indexOf(10);
          if (nl >= 0 && nl < n) {
            filePos += nl + 1;
            break;
          }
          filePos += n;
        }
      }
    }
    // `bufStart` = file offset of buf[0].
    let bufStart = filePos;
    const end = task.end < 0 ? Number.POSITIVE_INFINITY : task.end;
    for (;;) {
      if (bufStart >= end) return;
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
        shared = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, bufStart + have);
      onBytes?.(n);
      const filled = have + n;
      if (n === 0) {
        if (filled > 0) scanner.feed(buf, 0, filled);
        return;
      }
      const limit = end - bufStart; // lines starting at or beyond this belong to the next range
      const last = buf.lastIndexOf(10, filled - 1);
      if (last < 0) {
        have = filled;
        continue;
      }
      if (limit <= last) {
        // The range ends inside this buffer: finish the line that straddles `end`, then stop.
        const stop = limit <= 0 ? 0 : buf.indexOf(10, limit - 1);
        if (stop >= 0) scanner.feed(buf, 0, stop + 1);
        return;
      }
      scanner.feed(buf, 0, last + 1);
      const rest = filled - (last + 1);
      buf.copyWithin(0, last + 1, filled);
      bufStart += last + 1;
      have = rest;
    }
  } finally {
    closeSync(fd);
  }
}
