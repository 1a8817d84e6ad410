// The control plane's view of one target: active-check state, passive ejection, slow start and
// draining. It decides one thing the data plane reads: `target.healthy` (may take new requests) and
// `target.admit` (slow-start share). Kept per Target object, so it survives reloads with it.
import type { CauseId } from '../../causes/index.ts';
import type { TargetState } from '../../telemetry/metrics/render.ts';
import type { Target } from '../target.ts';

export type CheckState = 'healthy' | 'unhealthy' | 'initial';

export class TargetControl {
  readonly target: Target;
  pool: string;
  /** Registered through the admin API (kept across reloads that do not name it). */
  readonly dynamic: boolean;
  check: CheckState;
  passes = 0;
  fails = 0;
  /** Consecutive gateway-side failed attempts (passive health). */
  failures = 0;
  ejections = 0;
  ejectedUntil = 0;
  lastReturnAt = 0;
  slowStartFrom = -1;
  /** The reason of the last failing check or attempt. */
  lastCause: CauseId | null = null;
  lastDetail = '';
  lastCheckAt = 0;
  lastCheckMs = -1;
  drainDeadline = 0;
  drainTimer: NodeJS.Timeout | null = null;
  checkTimer: NodeJS.Timeout | null = null;
  addresses: readonly string[] = [];
  removed = false;

  constructor(target: Target, pool: string, dynamic: boolean, check: CheckState) {
    this.target = target;
    this.pool = pool;
    this.dynamic = dynamic;
    this.check = check;
  }

  ejected(now: number): boolean {
    return this.ejectedUntil > now;
  }

  /** Healthy by its own state (before fail-open). */
  fit(now: number): boolean {
    return !this.target.draining && this.check === 'healthy' && !this.ejected(now);
  }

  state(now: number): TargetState {
    if (this.target.draining) return 'draining';
    if (this.ejected(now)) return 'ejected';
    return this.check;
  }

  stopTimers(): void {
    if (this.checkTimer !== null) clearTimeout(this.checkTimer);
    if (this.drainTimer !== null) clearTimeout(this.drainTimer);
    this.checkTimer = null;
    this.drainTimer = null;
  }
}
