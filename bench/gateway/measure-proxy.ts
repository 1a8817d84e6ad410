// One row of the table: start the proxy, check it serves the backend's body, warm it up, measure its
// peak with wrk, then its latency at half that peak with the open-loop generator, reading the
// proxy's CPU ticks around each window and its memory at the end. The proxy is always stopped.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { BODY } from './configs.ts';
import { runOpenLoop, runWrk, waitUntilServing, type LoadPlacement, type OpenLoopResult, type WrkResult } from './load-runs.ts';
import { CLOCK_TICKS_PER_SECOND, coreTicks, cpuTicks, memory, proxyCoreShares, type ProxyCoreShares } from './proc.ts';
import type { ProcessRegistry } from './processes.ts';
import type { LaunchContext, ProxyDef } from './proxies.ts';

export interface Settings {
  readonly warmupS: number; // at least this much warm-up
  readonly warmupMaxS: number; // and at most this much, waiting for CPU/request to settle
  readonly durationS: number;
  readonly connections: number;
  readonly openLoop: string; // the open-loop generator's binary (buildOpenLoop)
  readonly proxyPin: readonly string[]; // taskset prefix for pinned proxies
  readonly allCoresPin: readonly string[]; // taskset prefix that undoes the harness's own pinning
  readonly loadPin: readonly string[];
  readonly proxyCore: number;
  readonly loadCore: number | null; // null: nothing pinned
}

export interface PeakFigures {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly cpuUsPerRequest: number;
  /** Who else used the proxy's core during the run (null: unpinned). */
  readonly proxyCore: ProxyCoreShares | null;
  readonly wrk: WrkResult;
}

export interface HalfRateFigures {
  readonly rate: number;
  readonly cpuUsPerRequest: number;
  /** How busy the load core was (generator, backend and anything else): near 1, latency is load-limited. */
  readonly loadCoreBusy: number | null;
  /** As for the peak run: who else used the proxy's core (null: unpinned). */
  readonly proxyCore: ProxyCoreShares | null;
  readonly openLoop: OpenLoopResult;
}

export type HalfResult = HalfRateFigures | { readonly error: string };

export type RowResult =
  | { readonly id: string; readonly label: string; readonly status: 'unavailable'; readonly reason: string }
  | {
      readonly id: string;
      readonly label: string;
      readonly status: 'measured';
      readonly pinned: boolean;
      readonly processes: number;
      /** CPU µs/request of each 1 s warm-up run, to show it settled. */
      readonly warmupCpuUsPerRequest: readonly number[];
      readonly peak: PeakFigures;
      readonly half: HalfResult;
      readonly rssPeakMb: number;
      readonly pssEndMb: number;
      readonly errors: number;
      readonly errorDetail: Record<string, number>;
      /** Every request the proxy answered in this row (readiness check, warm-up, both runs). */
      readonly requestsServed: number;
      readonly accessLogBytes?: number;
      readonly accessLogLines?: number;
    };

function countLines(file: string): number {
  const data = readFileSync(file);
  let lines = 0;
  for (let at = data.indexOf(10); at >= 0; at = data.indexOf(10, at + 1)) lines++;
  return lines;
}

const ticksToUs = (ticks: number): number => (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;

function countErrors(detail: Record<string, number>, prefix: string, errors: Record<string, number>): void {
  for (const [key, n] of Object.entries(errors)) if (n > 0) detail[`${prefix}.${key}`] = (detail[`${prefix}.${key}`] ?? 0) + n;
}

// Warm-up in 1 s wrk runs until the proxy's CPU per request settles (two in a row within 10 %),
// between warmupS and warmupMaxS. A fixed time is not enough: a Node proxy's first few thousand
// requests cost several times the rest (V8 compiles hot code on background threads, which are pinned
// with the proxy and counted in its CPU), and on a busy machine a few seconds may not reach them.
async function warmUp(place: LoadPlacement, pid: number, settings: Settings, wrkLua: string) {
  const chunks: WrkResult[] = [];
  const cpuUsPerRequest: number[] = [];
  while (chunks.length < Math.max(settings.warmupS, settings.warmupMaxS)) {
    const before = cpuTicks(pid);
    const chunk = await runWrk(place, 1, wrkLua);
    const cost = chunk.requests > 0 ? ticksToUs(cpuTicks(pid) - before) / chunk.requests : Number.POSITIVE_INFINITY;
    chunks.push(chunk);
    cpuUsPerRequest.push(cost);
    const previous = cpuUsPerRequest.at(-2);
    if (chunks.length >= settings.warmupS && previous !== undefined && Math.abs(cost - previous) <= 0.1 * previous) break;
  }
  return { chunks, cpuUsPerRequest, requests: chunks.reduce((n, c) => n + c.requests, 0) };
}

export async function measureProxy(
  def: ProxyDef,
  ctx: LaunchContext,
  registry: ProcessRegistry,
  settings: Settings,
  wrkLua: string,
  progress: (line: string) => void,
): Promise<RowResult> {
  if (def.needs && !existsSync(def.needs)) return { id: def.id, label: def.label, status: 'unavailable', reason: `${def.needs} is not installed` };
  const { command, args, accessLog } = def.command(ctx);
  const [pin, ...pinArgs] = def.pinned ? settings.proxyPin : settings.allCoresPin;
  const proxy = pin ? registry.start(def.id, pin, [...pinArgs, command, ...args], { cwd: ctx.repo }) : registry.start(def.id, command, args, { cwd: ctx.repo });
  try {
    // A proxy that dies mid-run has no CPU figure to read (its ticks went with it): say so instead.
    const exitedDuring = (phase: string): RowResult => {
      const said = (proxy.stderr() || proxy.stdout()).trim().replace(/\s+/g, ' ').slice(-400);
      return { id: def.id, label: def.label, status: 'unavailable', reason: `exited during the ${phase}: ${said || '(no output)'}` };
    };
    const notServing = await waitUntilServing(proxy, ctx.port, BODY, 15_000);
    if (notServing) {
      const what = def.family === 'gatewise' ? 'gatewise serve not available' : `${def.label} not available`;
      return { id: def.id, label: def.label, status: 'unavailable', reason: `${what}: ${notServing}`.slice(0, 600) };
    }
    const place: LoadPlacement = { registry, pinToLoadCore: settings.loadPin, port: ctx.port, connections: settings.connections };
    const errorDetail: Record<string, number> = {};

    const warm = await warmUp(place, proxy.pid, settings, wrkLua);
    for (const chunk of warm.chunks) countErrors(errorDetail, 'warmup', chunk.errors);
    progress(`${def.id}: warmed up in ${warm.chunks.length} s (CPU µs/request per second: ${warm.cpuUsPerRequest.map((c) => c.toFixed(0)).join(', ')})`);

    const coreBefore = coreTicks(settings.proxyCore);
    const before = cpuTicks(proxy.pid);
    const wrk = await runWrk(place, settings.durationS, wrkLua);
    const peakTicks = cpuTicks(proxy.pid) - before;
    if (proxy.hasExited()) return exitedDuring('peak run');
    const coreAfter = coreTicks(settings.proxyCore);
    const pinned = def.pinned && settings.proxyPin.length > 0;
    countErrors(errorDetail, 'peak', wrk.errors);
    const peak: PeakFigures = {
      requests: wrk.requests,
      seconds: wrk.seconds,
      rps: wrk.requests / wrk.seconds,
      cpuUsPerRequest: wrk.requests > 0 ? ticksToUs(peakTicks) / wrk.requests : Number.NaN,
      proxyCore: pinned ? proxyCoreShares(coreBefore, coreAfter, peakTicks) : null,
      wrk,
    };
    progress(`${def.id}: peak ${Math.round(peak.rps)} req/s, ${peak.cpuUsPerRequest.toFixed(1)} µs CPU/request`);

    let half: HalfResult;
    const rate = Math.max(1, Math.floor(peak.rps / 2));
    try {
      progress(`${def.id}: open loop at ${rate} req/s for ${settings.durationS} s`);
      const loadBefore = settings.loadCore === null ? null : coreTicks(settings.loadCore);
      const proxyCoreBefore = coreTicks(settings.proxyCore);
      const beforeHalf = cpuTicks(proxy.pid);
      const openLoop = await runOpenLoop(place, settings.openLoop, rate, settings.durationS);
      const halfTicks = cpuTicks(proxy.pid) - beforeHalf;
      const loadAfter = settings.loadCore === null ? null : coreTicks(settings.loadCore);
      const proxyCoreAfter = coreTicks(settings.proxyCore);
      const proxyCore = pinned ? proxyCoreShares(proxyCoreBefore, proxyCoreAfter, halfTicks) : null;
      const loadCoreBusy = loadBefore && loadAfter && loadAfter.total > loadBefore.total ? (loadAfter.busy - loadBefore.busy) / (loadAfter.total - loadBefore.total) : null;
      countErrors(errorDetail, 'half', { ...openLoop.errors, non2xx: openLoop.non2xx });
      half = { rate, cpuUsPerRequest: openLoop.completed > 0 ? ticksToUs(halfTicks) / openLoop.completed : Number.NaN, loadCoreBusy, proxyCore, openLoop };
    } catch (error) {
      half = { error: (error as Error).message };
    }

    if (proxy.hasExited()) return exitedDuring('half-rate run');
    const mem = memory(proxy.pid);
    const row = {
      id: def.id,
      label: def.label,
      status: 'measured',
      pinned: def.pinned,
      processes: mem.processes,
      warmupCpuUsPerRequest: warm.cpuUsPerRequest,
      peak,
      half,
      rssPeakMb: mem.peakKb / 1024,
      pssEndMb: mem.proportionalKb / 1024,
      errors: Object.values(errorDetail).reduce((a, b) => a + b, 0),
      errorDetail,
      requestsServed: 1 + warm.requests + wrk.requests + ('openLoop' in half ? half.openLoop.completed : 0),
    } as const;
    // The access log's size only after the proxy stopped: it may buffer lines until it exits.
    await registry.stop(proxy);
    return accessLog && existsSync(accessLog) ? { ...row, accessLogBytes: statSync(accessLog).size, accessLogLines: countLines(accessLog) } : row;
  } finally {
    await registry.stop(proxy);
  }
}
