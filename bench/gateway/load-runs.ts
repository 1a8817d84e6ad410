// The two load generators, each run as a child process pinned to the load core:
// - wrk (closed loop, C): saturates the proxy to find its peak requests/s;
// - load/open-loop.c (open loop, C, built here with the system's cc): a fixed rate for honest
//   latency percentiles.
// And the check that a proxy really serves the backend's body before anything is measured.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { ProcessRegistry, Started } from './processes.ts';

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly errors: { connect: number; read: number; write: number; status: number; timeout: number };
  readonly latencyUs: { p50: number; p99: number; max: number };
}

/** Latency percentiles in µs (log-linear buckets, reported as the bucket's upper bound; max exact). */
export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface OpenLoopResult {
  readonly rate: number;
  readonly scheduled: number;
  readonly sent: number;
  readonly completed: number;
  /** Completed requests due after the generator's own warm-up: the ones in the histograms. */
  readonly measured: number;
  /** Of those, requests that found all connections busy when due (the proxy fell behind). */
  readonly queued: number;
  readonly achievedRate: number;
  readonly non2xx: number;
  readonly errors: Record<string, number>;
  readonly latencyUs: Percentiles;
  readonly serviceUs: Percentiles;
  readonly lagUs: Percentiles;
  readonly generatorCpuUsPerRequest: number | null;
}

export interface LoadPlacement {
  readonly registry: ProcessRegistry;
  /** e.g. ['taskset', '-c', '1'] or [] on a one-core machine. */
  readonly pinToLoadCore: readonly string[];
  readonly port: number;
  readonly connections: number;
}

function launch(p: LoadPlacement, name: string, command: string, args: string[]): Started {
  const [pin, ...pinArgs] = p.pinToLoadCore;
  return pin ? p.registry.start(name, pin, [...pinArgs, command, ...args]) : p.registry.start(name, command, args);
}

async function finish(p: LoadPlacement, started: Started, limitMs: number): Promise<void> {
  const timer = new Promise((resolve) => setTimeout(resolve, limitMs).unref());
  await Promise.race([started.exited, timer]);
  if (!started.hasExited()) {
    await p.registry.stop(started);
    throw new Error(`${started.name} did not finish within ${Math.round(limitMs / 1000)} s`);
  }
  await p.registry.stop(started);
}

export async function runWrk(p: LoadPlacement, seconds: number, luaFile: string): Promise<WrkResult> {
  const args = ['-t1', `-c${p.connections}`, `-d${seconds}s`, '--timeout', '2s', '-s', luaFile, `http://127.0.0.1:${p.port}/`];
  const started = launch(p, 'wrk', 'wrk', args);
  await finish(p, started, (seconds + 10) * 1000);
  const line = started.stdout().split('\n').find((l) => l.startsWith('WRK-JSON '));
  if (!line) throw new Error(`wrk printed no summary: ${(started.stderr() || started.stdout()).trim().slice(0, 300)}`);
  const raw = JSON.parse(line.slice('WRK-JSON '.length)) as {
    requests: number;
    duration_us: number;
    errors: WrkResult['errors'];
    latency_us: WrkResult['latencyUs'];
  };
  return { requests: raw.requests, seconds: raw.duration_us / 1e6, errors: raw.errors, latencyUs: raw.latency_us };
}

/**
 * Build the open-loop generator (once per source change) into bench/.out. Any C compiler named `cc`
 * will do (Debian: gcc, on the machine by default); without one the bench says so and stops.
 */
export function buildOpenLoop(repo: string): string {
  const source = join(repo, 'bench/gateway/load/open-loop.c');
  const binary = join(repo, 'bench/.out/open-loop');
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  mkdirSync(join(repo, 'bench/.out'), { recursive: true });
  try {
    execFileSync('cc', ['-O2', '-Wall', '-o', binary, source, '-lm'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`cannot build the open-loop generator (${source}): ${stderr || (error as Error).message}. Install a C compiler: apt-get install gcc`);
  }
  return binary;
}

export async function runOpenLoop(p: LoadPlacement, generator: string, rate: number, seconds: number): Promise<OpenLoopResult> {
  const args = ['--port', String(p.port), '--rate', String(rate), '--duration', String(seconds), '--connections', String(p.connections)];
  const started = launch(p, 'open-loop', generator, args);
  await finish(p, started, (seconds + 15) * 1000);
  const line = started.stdout().trim().split('\n').pop() ?? '';
  let parsed: OpenLoopResult & { error?: string };
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`open-loop printed no result: ${(started.stderr() || started.stdout()).trim().slice(0, 300)}`);
  }
  if (parsed.error) throw new Error(`open-loop: ${parsed.error}`);
  return parsed;
}

function getOnce(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 1 s')));
    req.on('error', reject);
  });
}

/**
 * Wait (bounded) until the proxy answers GET / with 200 and exactly the backend's body.
 * Returns undefined when it does, else why not (the process's stderr if it exited).
 */
export async function waitUntilServing(started: Started, port: number, body: string, limitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + limitMs;
  let last = 'nothing tried yet';
  while (Date.now() < deadline) {
    if (started.hasExited()) {
      const { code, signal } = await started.exited;
      const said = (started.stderr() || started.stdout()).trim().replace(/\s+/g, ' ');
      return `${said || '(no output)'} [exit ${code ?? signal}]`;
    }
    try {
      const answer = await getOnce(port);
      if (answer.status === 200 && answer.body === body) return undefined;
      last = `GET / answered ${answer.status} with a ${answer.body.length}-byte body, expected 200 and the backend's 100 bytes`;
    } catch (error) {
      last = `GET / failed: ${(error as Error).message}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return `not serving after ${Math.round(limitMs / 1000)} s (${last})`;
}
