// `npm run bench`: Gatewise against NGINX, HAProxy and two Node proxies, as a reverse proxy in front
// of a fast backend (NGINX returning 100 bytes), one proxy at a time on the same loopback ports.
// Method and meaning of each figure: docs/benchmarks.md. Everything started here is stopped by PID,
// also on Ctrl-C.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BODY, nginxBackendConfig, WRK_REPORT_LUA } from './configs.ts';
import { buildOpenLoop, waitUntilServing } from './load-runs.ts';
import { measureProxy, type RowResult, type Settings } from './measure-proxy.ts';
import { createProcessRegistry } from './processes.ts';
import { PROXIES, type LaunchContext } from './proxies.ts';
import { checkGoals, ratios, renderSummary, renderTable } from './report.ts';
import { applyNice } from './session.ts';

const HELP = `Usage: npm run bench -- [--duration S] [--warmup S] [--warmup-max S] [--connections N] [--only ID,ID…] [--nice=N]

Runs each proxy in turn in front of an NGINX backend and prints requests/s, CPU µs per request,
p50/p99 latency at half the peak rate, peak RSS and errors, with Gatewise's ratio to each peer.

  --duration S      seconds of each measured run (peak, then half rate)   default 8
  --warmup S        at least this many seconds of warm-up load            default 2
  --warmup-max S    at most this many, until CPU/request settles          default 8
  --connections N   keep-alive connections of the load generators         default 50
  --only IDS        comma-separated subset of: ${PROXIES.map((p) => p.id).join(', ')}
  --nice=N          run the bench in its own scheduling group at this niceness (-20…19; below 0
                    needs root): on a shared machine, -10 keeps other work from skewing figures

Writes the results as JSON to bench/.out/gateway-<timestamp>.json.
`;

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseOptions(): { warmupS: number; warmupMaxS: number; durationS: number; connections: number; only: Set<string> | undefined; nice: number | null } {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        duration: { type: 'string', default: '8' },
        warmup: { type: 'string', default: '2' },
        'warmup-max': { type: 'string', default: '8' },
        connections: { type: 'string', default: '50' },
        only: { type: 'string' },
        nice: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const n = Number(raw);
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    if (!Number.isInteger(n) || n < min || n > max) usage(`--${name} must be an integer ${range} (got "${raw}")`);
    return n;
  };
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;
  for (const id of only ?? []) if (!PROXIES.some((p) => p.id === id)) usage(`--only: unknown proxy "${id}"`);
  return { durationS: number('duration', values.duration, 1), warmupS: number('warmup', values.warmup, 1), warmupMaxS: number('warmup-max', values['warmup-max'], 1), connections: number('connections', values.connections, 1), only, nice: values.nice === undefined ? null : number('nice', values.nice, -20, 19) };
}

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${HELP}`);
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

function versionOf(command: string, args: string[]): string {
  // nginx -v and wrk -v print to stderr (wrk also exits 1): take the first line of either stream.
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n')[0]?.trim() || 'unknown';
}

const progress = (line: string): void => {
  process.stderr.write(`· ${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

async function main(): Promise<number> {
  const options = parseOptions();
  for (const tool of ['/usr/bin/wrk', '/usr/bin/taskset', '/usr/sbin/nginx']) {
    if (!existsSync(tool)) usage(`${tool} is needed (Debian packages: wrk, util-linux, nginx-light)`);
  }
  let openLoop: string;
  try {
    openLoop = buildOpenLoop(repo);
  } catch (error) {
    usage((error as Error).message);
  }
  if (options.nice !== null) {
    try {
      const exitCode = await applyNice(options.nice);
      if (exitCode !== undefined) return exitCode; // the run happened in a new session
    } catch (error) {
      usage(`--nice=${options.nice}: ${(error as Error).message}`);
    }
  }
  const cores = os.availableParallelism();
  // Two cores: the proxy alone on core 0; backend, wrk, the open-loop generator and this harness on
  // core 1. Load and backend then compete with each other, never with the proxy, so the proxy's CPU
  // per request is its own. More cores: the same layout (extra cores stay idle, for comparability).
  const pinned = cores >= 2;
  const settings: Settings = {
    ...options,
    openLoop,
    proxyPin: pinned ? ['taskset', '-c', '0'] : [],
    loadPin: pinned ? ['taskset', '-c', '1'] : [],
    allCoresPin: pinned ? ['taskset', '-c', `0-${cores - 1}`] : [],
    proxyCore: 0,
    loadCore: pinned ? 1 : null,
  };
  if (pinned) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  else progress('one core only: nothing is pinned, figures include the load generator');

  const registry = createProcessRegistry();
  const dir = mkdtempSync(join(os.tmpdir(), 'gatewise-bench-'));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    progress(`${signal}: stopping everything this run started`);
    void registry.stopAll().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const backendPort = await freePort();
    const port = await freePort();
    const ctx: LaunchContext = { dir, repo, node: process.execPath, port, backendPort };
    writeFileSync(join(dir, 'backend.conf'), nginxBackendConfig(dir, backendPort));
    const backendArgs = ['-p', dir, '-e', join(dir, 'backend-error.log'), '-c', join(dir, 'backend.conf')];
    const backend = pinned ? registry.start('backend', 'taskset', ['-c', '1', '/usr/sbin/nginx', ...backendArgs]) : registry.start('backend', '/usr/sbin/nginx', backendArgs);
    const backendProblem = await waitUntilServing(backend, backendPort, BODY, 10_000);
    if (backendProblem) throw new Error(`the NGINX backend did not start: ${backendProblem}`);
    const lua = join(dir, 'report.lua');
    writeFileSync(lua, WRK_REPORT_LUA);

    const load = os.loadavg()[0] ?? 0;
    progress(`backend on 127.0.0.1:${backendPort}, proxies on 127.0.0.1:${port}; ${cores} cores, load average ${load.toFixed(2)}`);
    const rows: RowResult[] = [];
    for (const def of PROXIES) {
      if (interrupted) break;
      if (options.only && !options.only.has(def.id)) continue;
      progress(`${def.id}: starting`);
      try {
        rows.push(await measureProxy(def, ctx, registry, settings, lua, progress));
      } catch (error) {
        rows.push({ id: def.id, label: def.label, status: 'unavailable', reason: `run failed: ${(error as Error).message}` });
      }
      const last = rows.at(-1);
      if (last?.status === 'unavailable' && !interrupted) progress(`${def.id}: ${last.reason}`);
    }
    if (interrupted) return 130;

    const when = new Date();
    const niceness = options.nice === null ? '' : `, niceness ${options.nice}`;
    const heading = `Gatewise gateway benchmark, ${when.toISOString()}: ${options.connections} connections, ${options.warmupS}–${Math.max(options.warmupS, options.warmupMaxS)} s warm-up, ${options.durationS} s per run; ${pinned ? 'proxy on core 0, backend + load on core 1' : 'nothing pinned (one core)'}${niceness}; load average at start ${load.toFixed(2)}`;
    process.stdout.write(`\n${heading}\n\n${renderTable(rows)}\n\n${renderSummary(rows)}\n`);

    const outDir = join(repo, 'bench/.out');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `gateway-${when.toISOString().replace(/[:.]/g, '-')}.json`);
    const environment = {
      node: process.version,
      nginx: versionOf('/usr/sbin/nginx', ['-v']),
      haproxy: versionOf('/usr/sbin/haproxy', ['-v']),
      wrk: versionOf('/usr/bin/wrk', ['-v']),
      kernel: os.release(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores,
      loadAverageAtStart: load,
    };
    const report = { when: when.toISOString(), settings: { ...options, only: options.only ? [...options.only] : null, pinned }, environment, rows, ratios: ratios(rows), goals: checkGoals(rows) };
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`\nJSON: ${file}\n`);
    return 0;
  } finally {
    await registry.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
