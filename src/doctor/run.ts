// The doctor's thin I/O shell around the pure parts: expand inputs, detect each file's format,
// index NGINX error logs, cut big plain files into newline-aligned ranges for the worker threads,
// run every task, merge the tallies in input order, and hand back one result for the reports.
import { createReadStream, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTally, mergeTally, type Tally } from './aggregate.ts';
import type { FormatId } from './event.ts';
import type { FormatSpec } from './formats/format.ts';
import { createNginxErrorIndex, parseNginxErrorLine, type NginxErrorIndex } from './formats/nginx-error.ts';
import { detectFormat, specFor, type FormatOptions } from './formats/registry.ts';
import { findBursts, type Burst } from './infer/bursts.ts';
import { readCloudTrail, type TargetEvent } from './infer/cloudtrail.ts';
import { compileNginxFormat, normaliseNginxFormat } from './formats/nginx-template.ts';
import { compileHaproxyFormat } from './formats/haproxy-template.ts';
import { expandInputs, sampleOf, type InputFile } from './inputs.ts';
import { createPool, type Pool } from './engine/pool.ts';
import { runTask, type Task, type TaskResult } from './engine/task.ts';

export interface DoctorOptions extends FormatOptions {
  readonly inputs: readonly string[];
  readonly format?: FormatId | undefined;
  readonly cloudtrail?: string | undefined;
  readonly perRequest?: string | undefined;
  /** Worker threads; default: one per core. 0 = main thread only. */
  readonly workers?: number | undefined;
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly onProgress?: ((doneBytes: number, totalBytes: number) => void) | undefined;
}

export interface FileReport {
  readonly display: string;
  readonly format: FormatId | null;
  readonly note: string | null;
}

export interface DoctorResult {
  readonly tally: Tally;
  readonly files: readonly FileReport[];
  readonly targetEvents: readonly TargetEvent[];
  readonly bursts: readonly Burst[];
  readonly nginxErrors: { readonly entries: number; readonly dropped: number };
  readonly elapsedMs: number;
}

const RANGE_MIN = 16 << 20;
const MAX_RANGES = 128;

async function indexNginxErrors(file: InputFile, index: NginxErrorIndex, tally: Tally): Promise<void> {
  const rl = createInterface({ input: file.gzip ? createReadStream(file.path).pipe((await import('node:zlib')).createGunzip()) : createReadStream(file.path), crlfDelay: Infinity });
  const ft = { format: 'nginx-error' as const, lines: 0, bytes: 0, malformed: 0, malformedExamples: [] as { line: number; text: string }[] };
  let n = 0;
  for await (const line of rl) {
    n++;
    ft.bytes += line.length + 1;
    if (line.trim() === '') continue;
    const entry = parseNginxErrorLine(line, file.display, n);
    if (entry === null) {
      // Multi-line continuations and other lines NGINX writes are counted, not dropped.
      ft.malformed++;
      if (ft.malformedExamples.length < 5) ft.malformedExamples.push({ line: n, text: line.slice(0, 300) });
      continue;
    }
    ft.lines++;
    index.add(entry);
  }
  tally.files.set(file.display, ft);
  tally.lines += n;
}

export async function runDoctor(given: DoctorOptions): Promise<DoctorResult> {
  const started = performance.now();
  let total = 0;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    given.onProgress?.(done, total);
  };
  // Templates are checked before any file is read, so a wrong one is a usage error, not a silent fallback.
  const options: DoctorOptions = {
    ...given,
    nginxLogFormat: given.nginxLogFormat === undefined ? undefined : normaliseNginxFormat(given.nginxLogFormat),
  };
  if (options.nginxLogFormat !== undefined) compileNginxFormat(options.nginxLogFormat);
  if (options.haproxyLogFormat !== undefined) compileHaproxyFormat(options.haproxyLogFormat);
  const inputs = expandInputs(options.inputs.length === 0 ? ['-'] : options.inputs);
  // Worker threads take a while to boot (a new V8 isolate, then loading the scan modules). With a
  // big file to read, start them now, so they boot on the other core while this thread samples and
  // plans the files; small inputs wait for the plan, as threads may not pay for themselves there.
  // One worker thread per core; this thread scans only while they boot. (Scanning here throughout,
  // next to one worker per other core, saved one boot's CPU on 2 M lines, but on ten such files it
  // ran twice as long, with twice the system time, for reasons not pinned down; this thread's young
  // generation is not capped by resourceLimits as the workers' are.)
  const maxWorkers = options.workers ?? availableParallelism();
  const early = inputs.some((f) => !f.stdin && f.size > RANGE_MIN) ? Math.min(maxWorkers, poolableTasks(inputs)) : 0;
  let pool: Pool | null = early > 0 ? createPool(early, (n) => progress(n)) : null;
  try {
    const targetEvents = options.cloudtrail ? readCloudTrail(options.cloudtrail) : [];
    const tally = createTally();
    const reports: FileReport[] = [];
    const errors = createNginxErrorIndex();
    const plan: { file: InputFile; spec: FormatSpec }[] = [];

    for (const file of inputs) {
      if (file.stdin) {
        // stdin cannot be sampled and rewound cheaply: it takes --format or is read as ALB.
        plan.push({ file, spec: specFor(options.format ?? 'alb', options) });
        continue;
      }
      const sample = await sampleOf(file);
      const detected = detectFormat(sample, options);
      if (detected?.id === 'nginx-error') {
        await indexNginxErrors(file, errors, tally);
        reports.push({ display: file.display, format: 'nginx-error', note: null });
        continue;
      }
      const spec = options.format ? specFor(options.format, options) : detected;
      if (spec === null) {
        if (sample.length === 0) {
          reports.push({ display: file.display, format: null, note: 'empty' });
          continue;
        }
        reports.push({ display: file.display, format: null, note: 'not a log format the doctor reads; skipped whole (give --format to force one)' });
        const lines = sample.toString('utf8').split('\n').filter((l) => l !== '');
        tally.files.set(file.display, { format: 'alb', lines: 0, bytes: file.size, malformed: lines.length, malformedExamples: lines.slice(0, 3).map((text, i) => ({ line: i + 1, text: text.slice(0, 300) })) });
        continue;
      }
      reports.push({ display: file.display, format: spec.id, note: null });
      plan.push({ file, spec });
    }

    total = inputs.reduce((s, f) => s + f.size, 0);
    const tmp = options.perRequest ? mkdtempSync(join(tmpdir(), 'gatewise-doctor-')) : null;
    const tasks: (Task & { inline: boolean; file: InputFile })[] = [];
    // About MAX_RANGES ranges in all, and none under RANGE_MIN: enough to keep every thread busy to
    // the end, few enough that the results this thread deserialises and merges stay little garbage
    // (ten 1 GB files would otherwise be 640 results).
    const plainBytes = plan.reduce((n, { file }) => n + (file.gzip || file.stdin ? 0 : file.size), 0);
    const rangeSize = Math.max(RANGE_MIN, Math.ceil(plainBytes / MAX_RANGES));
    for (const { file, spec } of plan) {
      const inline = file.stdin || (spec.id === 'nginx' && errors.size > 0);
      const parts = !inline && !file.gzip && file.size > rangeSize ? Math.min(64, Math.ceil(file.size / rangeSize)) : 1;
      const step = Math.ceil(file.size / parts);
      for (let p = 0; p < parts; p++) {
        const index = tasks.length;
        tasks.push({
          index,
          path: file.path,
          display: file.display,
          spec,
          gzip: file.gzip,
          start: parts === 1 ? (file.gzip || file.stdin ? -1 : 0) : p * step,
          end: parts === 1 ? -1 : Math.min(file.size, (p + 1) * step),
          recordsPath: tmp === null ? null : join(tmp, `task-${index}.jsonl`),
          targetEvents,
          inline,
          file,
        });
      }
    }

    // Results are merged in task order as they arrive (line numbers of a range depend on the ranges
    // before it), keeping only the few that finished early: memory stays flat however many tasks.
    const pending = new Map<number, TaskResult>();
    const offsets = new Map<number, number>();
    let next = 0;
    let offset = 0;
    let prevDisplay = '';
    const accept = (r: TaskResult) => {
      pending.set(r.index, r);
      for (let ready = pending.get(next); ready !== undefined; ready = pending.get(next)) {
        pending.delete(next);
        const t = tasks[next] as Task;
        if (t.display !== prevDisplay) offset = 0;
        prevDisplay = t.display;
        offsets.set(next, offset);
        if (offset > 0) shiftLines(ready.tally, t.display, offset);
        mergeTally(tally, ready.tally);
        offset += ready.lines;
        next++;
      }
    };
    const pooled = tasks.filter((t) => !t.inline);
    if (pool !== null && pooled.length === 0) {
      // Every file turned out to need the main thread (stdin, an NGINX error-log join) or was skipped.
      await pool.close();
      pool = null;
    }
    const late = Math.min(maxWorkers, pooled.length);
    if (pool === null && late > 0 && pooled.length > 1) pool = createPool(late, progress);
    try {
      const running = Promise.all(pooled.map((t) => (pool ? pool.run(stripTask(t)).then(accept) : null)));
      // Handled below, after this thread's own work; until then a thread's error must not count as unhandled.
      running.catch(() => {});
      // While the worker threads boot, this thread (its modules long loaded) scans queued ranges
      // itself. A range scans synchronously: setImmediate lets the threads' messages (ready,
      // results, progress) in between, so stealing stops as soon as every thread is up.
      for (;;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const job = pool !== null && !pool.ready ? pool.steal() : null;
        if (job === null) break;
        job.done(await runTask(job.task, null, progress));
      }
      for (const t of tasks) {
        if (t.inline || pool === null) accept(await runTask(stripTask(t), errors, progress, t.file.stdin ? (options.stdin ?? process.stdin) : undefined));
      }
      await running;
    } finally {
      await pool?.close();
      pool = null;
    }

    if (tmp !== null && options.perRequest) {
      writeFileSync(options.perRequest, '');
      for (const t of tasks) await appendRecords(t.recordsPath as string, options.perRequest, offsets.get(t.index) ?? 0);
      rmSync(tmp, { recursive: true, force: true });
    }
    return {
      tally,
      files: reports,
      targetEvents,
      bursts: findBursts(tally, targetEvents),
      nginxErrors: { entries: errors.size, dropped: errors.dropped },
      elapsedMs: performance.now() - started,
    };
  } finally {
    // Also on an error before the scan: live threads would keep the process from exiting.
    await pool?.close();
  }
}

/**
 * An upper bound on the tasks worker threads will run, known before any file is read: each plain
 * file over RANGE_MIN is cut into ranges, every other file is one task; stdin runs in this thread.
 */
function poolableTasks(inputs: readonly InputFile[]): number {
  let n = 0;
  for (const f of inputs) {
    if (f.stdin) continue;
    n += !f.gzip && f.size > RANGE_MIN ? Math.min(64, Math.ceil(f.size / RANGE_MIN)) : 1;
  }
  return n;
}

function stripTask(t: Task): Task {
  return { index: t.index, path: t.path, display: t.display, spec: t.spec, gzip: t.gzip, start: t.start, end: t.end, recordsPath: t.recordsPath, targetEvents: t.targetEvents };
}

function shiftLines(t: Tally, display: string, offset: number): void {
  for (const c of t.causes.values()) c.examples = c.examples.map((e) => (e.file === display ? { ...e, line: e.line + offset } : e));
  const f = t.files.get(display);
  if (f) f.malformedExamples = f.malformedExamples.map((m) => ({ line: m.line + offset, text: m.text }));
}

async function appendRecords(from: string, to: string, offset: number): Promise<void> {
  let stream;
  try {
    stream = createReadStream(from);
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let out = '';
    for await (const line of rl) {
      if (line === '') continue;
      const r = JSON.parse(line) as { line: number };
      r.line += offset;
      out += `${JSON.stringify(r)}\n`;
      if (out.length > 1 << 18) {
        appendFileSync(to, out);
        out = '';
      }
    }
    if (out !== '') appendFileSync(to, out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
