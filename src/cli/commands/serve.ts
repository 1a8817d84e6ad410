// `gatewise serve`: run the gateway from a config file or from quick-mode flags (like
// `caddy reverse-proxy`), print where it listens, and on SIGTERM/SIGINT stop accepting, let
// in-flight requests finish (up to shutdownGraceMs) and exit. `--workers N` runs N processes
// (node:cluster with the listening socket shared by all workers, the kernel spreading accepts).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { configFromFlags, formatProblem, loadConfigFile, type ConfigWarning, type GatewayConfig } from '../../config/index.ts';
import { createGateway, type BoundListener } from '../../gateway/gateway.ts';
import { createPrimaryView } from '../../gateway/control/primary-view.ts';
import { createCheckRelay, workerIndex, WORKER_INDEX_ENV } from '../../gateway/control/check-relay.ts';
import { createServeControl, formatEvent, loadAdminServer } from '../../gateway/control/runtime.ts';
import { unlinkSync, writeFileSync } from 'node:fs';
import { createAccessLog, AccessLogError, reopenOnSignal } from '../../telemetry/access-log/index.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { parseCommandArgs } from '../args.ts';

const HELP = `gatewise serve: run the gateway, a reverse proxy and load balancer that names the cause of
every error it returns (status from the cause catalogue, Proxy-Status: gatewise; error=…; details="<cause>").

Usage:
  gatewise serve --config FILE
  gatewise serve --listen HOST:PORT --upstream URL [--upstream URL …] [options]

Options:
  --config FILE               a YAML config (validate it first with: gatewise check FILE)
  --listen HOST:PORT          quick mode: where to listen (repeatable; port 0 = any free port)
  --upstream URL              quick mode: a target, http://HOST:PORT or https://HOST:PORT (repeatable)
  --access-log FILE|-         write the access log to FILE, or to stdout with -
  --access-log-format alb|json  ALB-compatible space-separated lines (default) or JSON lines
  --trusted-proxy CIDR        peers whose X-Forwarded-For / Forwarded are extended (repeatable)
  --workers N|auto            processes to run (default auto: one per core, as config workers:)
  --verbose-errors            put errno and target addresses in error pages (default: log only)
  --admin HOST:PORT           quick mode: the admin listener (dashboard at /, /metrics, /api/…)
  --admin-token TOKEN         quick mode: bearer token of the admin API (required off loopback)
  --pidfile FILE              write the PID here (for: gatewise reload --pidfile FILE)

Prints one line per listener ("gatewise serve: listening on http://127.0.0.1:8080 (main)").
SIGTERM or SIGINT: stop accepting, finish in-flight requests, exit 0 (130 for SIGINT).
SIGHUP (or gatewise reload): re-read the config; a bad one is rejected and the running one stays.
SIGUSR1: reopen the access log (logrotate's postrotate), in every worker.
`;

interface Parsed {
  readonly config: GatewayConfig;
  readonly workers: number;
  /** Read the config again, the same way (SIGHUP). */
  readonly reload: () => Promise<GatewayConfig>;
  readonly pidFile: string | null;
}

async function parse(argv: readonly string[], io: CliIo): Promise<Parsed> {
  const { values } = parseCommandArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      listen: { type: 'string', multiple: true },
      upstream: { type: 'string', multiple: true },
      'access-log': { type: 'string' },
      'access-log-format': { type: 'string' },
      'trusted-proxy': { type: 'string', multiple: true },
      workers: { type: 'string' },
      'verbose-errors': { type: 'boolean', default: false },
      admin: { type: 'string' },
      'admin-token': { type: 'string' },
      pidfile: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.listen !== undefined || values.upstream !== undefined;
  if (values.config !== undefined && quick) throw new UsageError('use either --config FILE or --listen/--upstream, not both');
  if (values.config === undefined && !quick) throw new UsageError('pass --config FILE, or --listen HOST:PORT --upstream URL');
  if (values.config !== undefined && (values.admin !== undefined || values['admin-token'] !== undefined)) throw new UsageError('--admin and --admin-token are quick-mode flags: with --config, set admin: in the file');
  const file = values.config;
  // Warnings (an inverted keep-alive chain, a localhost target, …) are printed like `nginx -t` does
  // and never stop the gateway; only the first process prints them.
  const warn = (warning: ConfigWarning) => {
    if (cluster.isPrimary) io.stderr.write(`gatewise serve: ${formatProblem(warning, 'warning')}\n`);
  };
  const load = async () =>
    file !== undefined
      ? loadConfigFile(file, warn)
      : configFromFlags({
          listen: values.listen ?? [],
          upstream: values.upstream ?? [],
          accessLog: values['access-log'] ?? null,
          accessLogFormat: values['access-log-format'] ?? null,
          verboseErrors: values['verbose-errors'],
          trustedProxies: values['trusted-proxy'] ?? [],
          admin: values.admin ?? null,
          adminToken: values['admin-token'] ?? null,
        }, warn);
  const config = await load();
  let workers = config.workers;
  const w = values.workers;
  if (w !== undefined) {
    if (w === 'auto') workers = availableParallelism();
    else if (/^\d{1,3}$/.test(w) && Number(w) >= 1) workers = Number(w);
    else throw new UsageError(`--workers ${w}: expected a count from 1, or auto`);
  }
  return { config, workers: Math.max(1, workers), reload: load, pidFile: values.pidfile ?? null };
}

function urlOf(l: BoundListener): string {
  const host = l.host.includes(':') ? `[${l.host}]` : l.host;
  return `${l.tls ? 'https' : 'http'}://${host}:${l.port}`;
}

function printListening(io: CliIo, listeners: readonly BoundListener[], workers: number): void {
  for (const l of listeners) io.stdout.write(`gatewise serve: listening on ${urlOf(l)} (${l.name}${workers > 1 ? `, ${workers} workers` : ''})\n`);
}

/** One process serving: the gateway, its access log, and the drain on the abort signal. */
async function serveHere(io: CliIo, parsed: Parsed, print: (listeners: readonly BoundListener[]) => void): Promise<ExitCode> {
  const config = parsed.config;
  const accessLog = createAccessLog(config.accessLog);
  try {
    await accessLog.ready();
  } catch (error) {
    if (error instanceof AccessLogError) {
      io.stderr.write(`gatewise serve: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  // logrotate's postrotate sends SIGUSR1, as with NGINX: reopen the file by its path.
  const stopReopening = reopenOnSignal(accessLog);
  const report = (error: unknown) => io.stderr.write(`gatewise serve: internal error (answered 500 proxy_internal_error): ${(error as Error)?.stack ?? String(error)}\n`);
  // Last line of defence: a bug in a callback we did not wrap must cost one request, not the process.
  const onUncaught = (error: Error) => report(error);
  process.on('uncaughtException', onUncaught);
  const worker = cluster.isWorker ? workerIndex() : null;
  // One process runs the active health checks: this one alone, or of N workers the one forked as index 0.
  const checker = worker === null || worker === 0;
  const control = createServeControl({ config, reload: parsed.reload, log: (line) => io.stderr.write(line), worker, checker, pidFile: worker === null ? parsed.pidFile : null });
  const onUnclassified = (phase: string, code: string) =>
    io.stderr.write(`gatewise serve: error code ${code} in phase ${phase} has no cause yet (answered 502 proxy_unclassified_error): please report it\n`);
  const gateway = createGateway(config, { ...control.gatewayOptions(accessLog), onInternalError: report, onUnclassified, reusePort: false });
  try {
    print(await gateway.listen());
    const adminUrl = await control.start(gateway);
    if (adminUrl !== null) io.stdout.write(`gatewise serve: admin on ${adminUrl} (dashboard /, metrics /metrics)\n`);
  } catch (error) {
    await control.stop();
    await gateway.close(0);
    process.off('uncaughtException', onUncaught);
    stopReopening();
    await accessLog.close();
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
      io.stderr.write(`gatewise serve: cannot listen (${e.code}): ${e.message}. Pick a free port or an address of this host.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
  // The admin listener stays up during the drain (in-flight counts go to zero on the dashboard).
  await gateway.close(gateway.config.shutdownGraceMs);
  await control.stop();
  stopReopening();
  await accessLog.close();
  process.off('uncaughtException', onUncaught);
  return io.signal.reason === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
}

/** The primary of `--workers N`: fork, relay the first worker's listening lines, forward signals, wait. */
async function supervise(io: CliIo, parsed: Parsed, workers: number): Promise<ExitCode> {
  // SCHED_NONE: the primary binds once (port 0 works) and every worker accepts on that socket
  // itself, so no connection passes through the primary (cheaper than the round-robin default).
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let listening = 0;
  let stopping = false;
  const children = Array.from({ length: workers }, (_, i) => cluster.fork({ GATEWISE_WORKER: '1', [WORKER_INDEX_ENV]: String(i) }));
  // One set of active health checks per gateway: worker 0 checks, the primary relays its results.
  const relay = createCheckRelay(children, { stopping: () => stopping, log: (line) => io.stderr.write(line) });
  for (const child of children) {
    child.on('message', (message: { type?: string; lines?: string }) => {
      if (message?.type !== 'listening' || typeof message.lines !== 'string') return;
      // Print once every worker serves: from then on each of them handles SIGTERM with a drain.
      listening += 1;
      if (listening === workers) io.stdout.write(message.lines);
    });
  }
  // A worker stopped by our own signal before it installed its handler exits by that signal: fine.
  const exited = Promise.all(
    children.map((c) => new Promise<number>((resolve) => c.on('exit', (code, signal) => resolve(code ?? (stopping && signal !== null ? 0 : 1))))),
  );
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (!c.isDead()) c.process.kill(io.signal.reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  };
  io.signal.addEventListener('abort', stop, { once: true });
  // One view across the workers (issue 5 §7): the primary serves the admin listener from their reports.
  const view = createPrimaryView(children, Date.now());
  const admin = parsed.config.admin === null ? null : await (await loadAdminServer())({ ...parsed.config.admin, view });
  if (admin !== null) io.stdout.write(`gatewise serve: admin on ${admin.url} (dashboard /, metrics /metrics, ${workers} workers)\n`);
  const onHup = () => {
    void view.reloadAll().then((r) => {
      // A rejected config is announced by the checker worker (events.ts); the primary says only what no worker can.
      if (!r.ok && r.status !== 400) io.stderr.write(formatEvent({ at: Date.now(), kind: 'reload_rejected', pool: null, target: null, cause: null, detail: r.error, worker: null }));
    });
  };
  process.on('SIGHUP', onHup);
  // logrotate signals the PID in the pidfile, the primary's: every worker reopens its access log.
  const onUsr1 = () => {
    for (const c of children) if (!c.isDead()) c.process.kill('SIGUSR1');
  };
  process.on('SIGUSR1', onUsr1);
  if (parsed.pidFile !== null) writeFileSync(parsed.pidFile, `${process.pid}\n`);
  const codes = await exited;
  process.off('SIGHUP', onHup);
  process.off('SIGUSR1', onUsr1);
  view.close();
  relay.close();
  await admin?.close();
  if (parsed.pidFile !== null) {
    try {
      unlinkSync(parsed.pidFile);
    } catch {
      // already gone
    }
  }
  if (!stopping) return EXIT.problems; // a worker died on its own
  return io.signal.reason === 'SIGINT' ? EXIT.interrupted : codes.every((c) => c === 0) ? EXIT.ok : EXIT.problems;
}

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'run the gateway: a reverse proxy and load balancer that names the cause of every error it returns',
  help: HELP,
  async run(argv, io) {
    const parsed = await parse(argv, io);
    const { workers } = parsed;
    if (workers > 1 && cluster.isPrimary) return supervise(io, parsed, workers);
    if (cluster.isWorker) {
      const code = await serveHere(io, parsed, (listeners) => {
        const lines = listeners.map((l) => `gatewise serve: listening on ${urlOf(l)} (${l.name}, ${workers} workers)\n`).join('');
        process.send?.({ type: 'listening', lines });
      });
      // The IPC channel to the primary would keep this process alive after the drain.
      cluster.worker?.disconnect();
      return code;
    }
    return serveHere(io, parsed, (listeners) => printListening(io, listeners, 1));
  },
});
