// `--workers N` (issue 5 §7): one view, not N partial ones. Each worker reports its metrics
// snapshot, targets, recent errors, events and flight recordings to the primary once a second over
// the cluster IPC channel; the primary sums and merges them (primary-view.ts) and serves the one
// admin listener. Commands (register, deregister, reload) go down to every worker. Active health:
// the checker worker sends each check result up (`gatewise-check`), the primary relays it to the
// others (check-relay.ts), and names a new checker (`gatewise-role`) when the checker dies.
import type { SharedCheck } from './active-health.ts';
import type { ControlPlane } from './control-plane.ts';
import type { ControlEvent } from './events.ts';
import type { FlightRecord } from './flight-recorder.ts';
import type { MetricsSnapshot } from '../../telemetry/metrics/snapshot.ts';
import type { ActionResult, GatewayErrorView, PoolView } from './views.ts';

export const REPORT_MS = 1_000;

export interface WorkerReport {
  readonly type: 'gatewise-report';
  readonly pid: number;
  readonly at: number;
  /** This worker runs the active health checks. */
  readonly checker: boolean;
  readonly snapshot: MetricsSnapshot;
  readonly pools: PoolView[];
  readonly errors: GatewayErrorView[];
  readonly events: ControlEvent[];
  readonly recordings: FlightRecord[];
}

export type WorkerCommand =
  | { readonly type: 'gatewise-command'; readonly id: number; readonly action: 'register'; readonly pool: string; readonly url: string; readonly weight: number }
  | { readonly type: 'gatewise-command'; readonly id: number; readonly action: 'deregister'; readonly pool: string; readonly url: string }
  | { readonly type: 'gatewise-command'; readonly id: number; readonly action: 'reload' };

export interface WorkerResult {
  readonly type: 'gatewise-result';
  readonly id: number;
  readonly result: ActionResult;
}

/** Up from the checker worker, then down from the primary to every other worker. */
export interface CheckMessage extends SharedCheck {
  readonly type: 'gatewise-check';
}

/** Down from the primary: this worker runs the active checks from now on. */
export interface RoleMessage {
  readonly type: 'gatewise-role';
  readonly checker: boolean;
}

/** What a worker sends the primary. */
export type WorkerMessage = WorkerReport | WorkerResult | CheckMessage;
/** What the primary sends a worker. */
export type PrimaryMessage = WorkerCommand | CheckMessage | RoleMessage;

/** The checker's side: share one result (no-op once the IPC channel is gone). */
export function shareCheck(check: SharedCheck): void {
  // The callback takes a send error (the primary went away mid-send) instead of an 'error' event.
  if (process.connected) process.send?.({ type: 'gatewise-check', ...check } satisfies CheckMessage, undefined, undefined, () => {});
}

export interface WorkerLink {
  close(): void;
}

export function workerReport(control: ControlPlane): WorkerReport {
  return {
    type: 'gatewise-report',
    pid: process.pid,
    at: Date.now(),
    checker: control.checker,
    snapshot: control.snapshot(),
    pools: control.pools(),
    errors: control.errors(50),
    events: control.events(50),
    recordings: control.recordings(10),
  };
}

export function workerLink(control: ControlPlane, reload: () => Promise<string | null>): WorkerLink {
  const send = (message: WorkerReport | WorkerResult) => {
    if (process.connected) process.send?.(message);
  };
  const timer = setInterval(() => send(workerReport(control)), REPORT_MS);
  timer.unref();
  const onMessage = (message: PrimaryMessage) => {
    if (message?.type === 'gatewise-check') {
      control.applySharedCheck(message);
      return;
    }
    if (message?.type === 'gatewise-role') {
      control.setChecker(message.checker);
      return;
    }
    if (message?.type !== 'gatewise-command') return;
    void (async (): Promise<ActionResult> => {
      switch (message.action) {
        case 'register':
          return control.register(message.pool, message.url, message.weight);
        case 'deregister':
          return control.deregister(message.pool, message.url);
        case 'reload': {
          const rejected = await reload();
          return rejected === null ? { ok: true, detail: 'reloaded' } : { ok: false, status: 400, error: rejected };
        }
      }
    })().then((result) => {
      send({ type: 'gatewise-result', id: message.id, result });
      send(workerReport(control)); // the primary's view changes at once, not a second later
    });
  };
  process.on('message', onMessage);
  send(workerReport(control));
  return {
    close() {
      clearInterval(timer);
      process.off('message', onMessage);
    },
  };
}
