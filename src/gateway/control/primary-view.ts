// The primary's view over its workers (`--workers N`): metrics summed, targets merged (in-flight
// summed; a target's state is the worst any worker reports, with each worker's state listed when
// they differ), errors, events and recordings merged newest first. Register, deregister and reload
// go to every worker; the answer is the first failure, else the first success.
import type { Worker } from 'node:cluster';
import { createRateHistory, type RatePoint } from '../../telemetry/metrics/history.ts';
import { renderMetrics, type TargetState } from '../../telemetry/metrics/render.ts';
import { mergeSnapshots } from '../../telemetry/metrics/snapshot.ts';
import type { ControlEvent } from './events.ts';
import type { FlightRecord } from './flight-recorder.ts';
import type { ActionResult, ControlView, GatewayErrorView, PoolView, TargetView } from './views.ts';
import type { WorkerCommand, WorkerReport, WorkerResult } from './worker-link.ts';

const SEVERITY: Record<TargetState, number> = { healthy: 0, initial: 1, ejected: 2, unhealthy: 3, draining: 4 };
const COMMAND_TIMEOUT_MS = 5_000;

export interface PrimaryView extends ControlView {
  /** Ask every worker to reload; resolves when all answered. */
  reloadAll(): Promise<ActionResult>;
  close(): void;
}

function mergeTargets(views: readonly TargetView[][]): TargetView[] {
  const byUrl = new Map<string, TargetView[]>();
  for (const list of views) for (const t of list) byUrl.set(t.url, [...(byUrl.get(t.url) ?? []), t]);
  return [...byUrl.values()].map((all) => {
    const worst = all.reduce((a, b) => (SEVERITY[b.state] > SEVERITY[a.state] ? b : a));
    const states = all.map((t) => t.state);
    return {
      ...worst,
      routable: all.every((t) => t.routable),
      inFlight: all.reduce((n, t) => n + t.inFlight, 0),
      ...(new Set(states).size > 1 ? { workers: states } : {}),
    };
  });
}

export function createPrimaryView(workers: readonly Worker[], startedAt: number): PrimaryView {
  const reports = new Map<number, WorkerReport>();
  const pending = new Map<number, { left: number; results: ActionResult[]; done: (r: ActionResult) => void }>();
  const history = createRateHistory(300);
  let nextId = 1;
  const onMessage = (worker: Worker) => (message: WorkerReport | WorkerResult) => {
    if (message?.type === 'gatewise-report') reports.set(worker.id, message);
    else if (message?.type === 'gatewise-result') {
      const p = pending.get(message.id);
      if (p === undefined) return;
      p.results.push(message.result);
      p.left -= 1;
      if (p.left === 0) {
        pending.delete(message.id);
        p.done(p.results.find((r) => !r.ok) ?? p.results[0]!);
      }
    }
  };
  const listeners = workers.map((w) => {
    const l = onMessage(w);
    w.on('message', l);
    return [w, l] as const;
  });
  const live = () => workers.filter((w) => !w.isDead() && reports.has(w.id)).map((w) => reports.get(w.id)!);
  const sampler = setInterval(() => history.sample(mergeSnapshots(live().map((r) => r.snapshot)), Date.now()), 1_000);
  sampler.unref();

  const broadcast = (command: Omit<WorkerCommand, 'id' | 'type'>): Promise<ActionResult> => {
    const targets = workers.filter((w) => !w.isDead() && w.isConnected());
    if (targets.length === 0) return Promise.resolve({ ok: false, status: 503, error: 'no worker is running' });
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve({ ok: false, status: 504, error: `workers did not answer within ${COMMAND_TIMEOUT_MS} ms` });
      }, COMMAND_TIMEOUT_MS);
      pending.set(id, { left: targets.length, results: [], done: (r) => (clearTimeout(timer), resolve(r)) });
      for (const w of targets) w.send({ type: 'gatewise-command', id, ...command });
    });
  };

  const newest = <T extends { at: number }>(lists: T[][], limit: number): T[] => lists.flat().sort((a, b) => b.at - a.at).slice(0, limit);

  return {
    pools(): PoolView[] {
      const all = live().map((r) => r.pools);
      const names = [...new Set(all.flatMap((ps) => ps.map((p) => p.name)))];
      return names.map((name) => {
        const views = all.map((ps) => ps.find((p) => p.name === name)).filter((p): p is PoolView => p !== undefined);
        return { ...views[0]!, failingOpen: views.some((p) => p.failingOpen), targets: mergeTargets(views.map((p) => [...p.targets])) };
      });
    },
    events: (limit) => newest<ControlEvent>(live().map((r) => r.events), limit),
    errors: (limit) => newest<GatewayErrorView>(live().map((r) => r.errors), limit),
    recordings: (limit) => newest<FlightRecord>(live().map((r) => r.recordings), limit),
    history: (): readonly RatePoint[] => history.points(),
    metricsText() {
      const reps = live();
      const gauges = this.pools().flatMap((p) => p.targets.map((t) => ({ pool: p.name, target: t.target, state: t.state, routable: t.routable, inFlight: t.inFlight })));
      return renderMetrics(mergeSnapshots(reps.map((r) => r.snapshot)), gauges, { processStartSeconds: Math.floor(startedAt / 1000), workers: reps.length });
    },
    register: (pool, url, weight) => broadcast({ action: 'register', pool, url, weight } as Omit<WorkerCommand, 'id' | 'type'>),
    deregister: (pool, url) => broadcast({ action: 'deregister', pool, url } as Omit<WorkerCommand, 'id' | 'type'>),
    reloadAll: () => broadcast({ action: 'reload' } as Omit<WorkerCommand, 'id' | 'type'>),
    close() {
      clearInterval(sampler);
      for (const [w, l] of listeners) w.off('message', l);
    },
  };
}
