// `gatewise demo`: the README's `npm start`. Four lab targets that fail in different ways behind
// one gateway pool, bounded traffic through it, a live summary by cause, then the final summary
// with each cause's fix and the access log left for `gatewise doctor`. Loopback and free ports only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfigText, parseDuration, type AccessLogFormat } from '../../config/index.ts';
import { createGateway } from '../../gateway/gateway.ts';
import { AccessLogError, createAccessLog } from '../../telemetry/access-log/index.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { demoConfigYaml } from '../demo/config.ts';
import { startDemoTarget, type RunningTarget } from '../demo/lab-target.ts';
import { startLiveView } from '../demo/live.ts';
import { finalLines, type DemoView } from '../demo/render.ts';
import { createTallySink } from '../demo/tally.ts';
import { BAD_HEADER_EVERY, CRASH_EVERY, demoTargets, RACE_EVERY } from '../demo/targets.ts';
import { startTraffic } from '../demo/traffic.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { parseCommandArgs } from '../args.ts';

const DEFAULTS = { durationMs: 20_000, rate: 50 } as const;
/** Bounds: the demo is a demonstration, not a load test (that is `npm run bench`). */
const LIMITS = { minDurationMs: 1_000, maxDurationMs: 300_000, maxRate: 500 } as const;

const HELP = `gatewise demo: see Gatewise name every error, in about 20 seconds.

Usage: gatewise demo [--duration 20s] [--rate 50] [--access-log FILE] [--format alb|json]

Starts four lab targets on loopback, each failing in its own way, puts the gateway in front of
them (one pool, round robin), sends GETs and POSTs through it at a fixed rate for a fixed time,
shows requests, responses and gateway-made errors by cause as they happen, then stops by itself
and prints each cause's fix, the access log it wrote and what to try next.

  healthy       answers 200, keep-alive
  keepalive-5s  closes idle connections after 5 s (Node's default keepAliveTimeout) while the
                pool keeps them 60 s (NGINX's default): the keep-alive race, forced on every
                ${RACE_EVERY}th reused connection so a short run shows it
  crashy        one request per connection; every ${CRASH_EVERY}th request it reads, then resets (a crash)
  bad-header    every ${BAD_HEADER_EVERY}th response has a malformed header line

Options:
  --duration D     how long to send traffic (default 20s; ${LIMITS.minDurationMs / 1000}s to ${LIMITS.maxDurationMs / 60_000}m)
  --rate N         requests per second (default ${DEFAULTS.rate}; 1 to ${LIMITS.maxRate})
  --access-log F   write the access log here (default: a new temp directory)
  --format F       access log format: alb (AWS ALB fields, default) or json

Ctrl-C stops early (exit 130) and still prints the summary. Exit 0 when the run completes.
`;

interface DemoOptions {
  readonly durationMs: number;
  readonly rate: number;
  readonly accessLog: string | null;
  readonly format: AccessLogFormat;
}

function parse(argv: readonly string[]): DemoOptions {
  const { values } = parseCommandArgs({
    args: [...argv],
    options: { duration: { type: 'string' }, rate: { type: 'string' }, 'access-log': { type: 'string' }, format: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  let durationMs: number = DEFAULTS.durationMs;
  if (values.duration !== undefined) {
    const parsed = parseDuration(values.duration);
    if (!parsed.ok || parsed.value < LIMITS.minDurationMs || parsed.value > LIMITS.maxDurationMs) {
      throw new UsageError(`--duration ${values.duration}: expected a duration from 1s to 5m, e.g. 20s`);
    }
    durationMs = parsed.value;
  }
  let rate: number = DEFAULTS.rate;
  if (values.rate !== undefined) {
    if (!/^\d{1,4}$/.test(values.rate) || Number(values.rate) < 1 || Number(values.rate) > LIMITS.maxRate) {
      throw new UsageError(`--rate ${values.rate}: expected requests per second from 1 to ${LIMITS.maxRate}`);
    }
    rate = Number(values.rate);
  }
  const format = values.format ?? 'alb';
  if (format !== 'alb' && format !== 'json') throw new UsageError(`--format ${format}: expected alb or json`);
  if (values['access-log'] === '') throw new UsageError('--access-log: expected a file path');
  return { durationMs, rate, accessLog: values['access-log'] === undefined ? null : resolve(values['access-log']), format };
}

async function runDemo(io: CliIo, options: DemoOptions): Promise<ExitCode> {
  // Stop early on SIGINT/SIGTERM, and when whoever reads our output goes away (`… | head`):
  // EPIPE on stdout must end the run cleanly, not crash it with the servers still up.
  const stop = new AbortController();
  const onAbort = () => stop.abort(io.signal.reason);
  if (io.signal.aborted) onAbort();
  else io.signal.addEventListener('abort', onAbort, { once: true });
  const onOutputError = () => stop.abort('EPIPE');
  io.stdout.on('error', onOutputError);
  try {
    return await runDemoUntil(io, options, stop.signal);
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    // A broken pipe stays broken: keep swallowing its errors (the final summary's write fails too).
    if (stop.signal.reason !== 'EPIPE') io.stdout.off('error', onOutputError);
  }
}

async function runDemoUntil(io: CliIo, options: DemoOptions, signal: AbortSignal): Promise<ExitCode> {
  const { bold, dim } = io.out;
  const dir = await mkdtemp(join(tmpdir(), 'gatewise-demo-'));
  const accessLogPath = options.accessLog ?? join(dir, 'access.log');
  const configPath = join(dir, 'gatewise.yaml');
  // What was started, stopped in reverse order (gateway, then the log, then the targets) on the
  // normal path and on any error: the process must never be left holding a listener.
  const started: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    while (started.length > 0) await started.pop()!();
  };
  try {
    const targets: RunningTarget[] = [];
    for (const spec of demoTargets()) {
      const target = await startDemoTarget(spec);
      targets.push(target);
      started.push(() => target.close());
    }
    const yaml = demoConfigYaml({ targets, accessLog: accessLogPath, format: options.format });
    await writeFile(configPath, yaml);
    const config = parseConfigText(yaml, configPath);
    const accessLog = createAccessLog(config.accessLog);
    try {
      await accessLog.ready();
    } catch (error) {
      if (!(error instanceof AccessLogError)) throw error;
      io.stderr.write(`gatewise demo: ${error.message}\n`);
      await rm(dir, { recursive: true, force: true }); // ours, made by this run, holding only the config
      return EXIT.usage;
    }
    started.push(() => accessLog.close());
    const sink = createTallySink(targets, accessLog);
    const internalErrors: string[] = [];
    const gateway = createGateway(config, { sink, onInternalError: (error) => internalErrors.push((error as Error)?.stack ?? String(error)) });
    started.push(() => gateway.close(2_000));
    const [listener] = await gateway.listen();
    const origin = `http://${listener!.host}:${listener!.port}`;

    const nameWidth = Math.max(...targets.map((t) => t.name.length));
    io.stdout.write(
      [
        bold('Gatewise demo') + dim(`: ${options.rate} requests/s for ${options.durationMs / 1000} s through one gateway to four lab targets`),
        ...targets.map((t) => `  ${t.name.padEnd(nameWidth)}  ${t.url}  ${dim(t.behaviour)}`),
        `  gateway       ${origin}  ${dim(`round robin; config ${configPath}`)}`,
        `  access log    ${accessLogPath}`,
        '',
      ].join('\n') + '\n',
    );

    const traffic = startTraffic({ origin, ratePerSec: options.rate, durationMs: options.durationMs, signal });
    const view = (): DemoView => ({
      gateway: origin,
      ratePerSec: options.rate,
      durationMs: options.durationMs,
      elapsedMs: performance.now() - traffic.startedAt,
      client: traffic.counts,
      tally: sink.tally,
      targets,
    });
    const live = startLiveView(io, view);
    await traffic.done;
    const elapsed = view().elapsedMs;
    live.stop();
    // In-flight exchanges are over (the clients waited for them): stop everything, which also
    // flushes the access log, before counting its lines.
    await stopAll();

    const interrupted = signal.aborted;
    const info = {
      accessLog: accessLogPath,
      config: configPath,
      accessLogFormat: options.format,
      linesWritten: accessLog.writtenLines,
      linesDropped: accessLog.droppedLines,
      interrupted,
    };
    io.stdout.write(`${finalLines({ ...view(), elapsedMs: elapsed }, info, io.out).join('\n')}\n`);
    if (internalErrors.length > 0) {
      io.stderr.write(`gatewise demo: the gateway caught ${internalErrors.length} internal error(s) (a bug; please report):\n${internalErrors.slice(0, 3).join('\n')}\n`);
    }
    return interrupted ? EXIT.interrupted : EXIT.ok;
  } finally {
    await stopAll();
  }
}

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'see it work: lab targets failing in four ways, the gateway in front, a live summary by cause',
  help: HELP,
  async run(argv, io) {
    return runDemo(io, parse(argv));
  },
});
