// What the admin API and the dashboard show, as plain JSON: the same shapes whether they come from
// one process's control plane or from the primary's sum of its workers (`--workers N`).
import type { CauseId, Phase } from '../../causes/index.ts';
import type { RatePoint } from '../../telemetry/metrics/history.ts';
import type { TargetState } from '../../telemetry/metrics/render.ts';
import type { ControlEvent } from './events.ts';
import type { FlightRecord } from './flight-recorder.ts';

export interface TargetView {
  readonly url: string;
  /** `host:port`, the metrics' target label. */
  readonly target: string;
  readonly state: TargetState;
  /** Receives new requests (healthy, or any non-draining target while the pool fails open). */
  readonly routable: boolean;
  readonly inFlight: number;
  /** Slow-start share of turns, 0–1. */
  readonly admit: number;
  readonly dynamic: boolean;
  readonly consecutiveFailures: number;
  readonly ejectedUntil: number | null;
  readonly drainDeadline: number | null;
  readonly lastCause: CauseId | null;
  readonly lastDetail: string;
  readonly lastCheckAt: number | null;
  readonly lastCheckMs: number | null;
  readonly addresses: readonly string[];
  /** Under --workers: the state each worker reports, when they differ. */
  readonly workers?: readonly TargetState[];
}

export interface PoolView {
  readonly name: string;
  readonly failingOpen: boolean;
  readonly activeChecks: string | null;
  readonly deregistrationDelayMs: number;
  readonly targets: readonly TargetView[];
}

export interface GatewayErrorView {
  readonly at: number;
  readonly cause: CauseId;
  /** Status sent, or null when the connection was aborted. */
  readonly status: number | null;
  readonly pool: string | null;
  readonly target: string | null;
  readonly phase: Phase | null;
  readonly errorCode: string | null;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
}

export type ActionResult = { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly status: number; readonly error: string };

export interface ControlView {
  pools(): PoolView[];
  events(limit: number): ControlEvent[];
  errors(limit: number): GatewayErrorView[];
  recordings(limit: number): FlightRecord[];
  history(): readonly RatePoint[];
  metricsText(): string;
  register(pool: string, url: string, weight: number): Promise<ActionResult>;
  deregister(pool: string, url: string): Promise<ActionResult>;
}
