// The one predicate every balancing policy uses (DESIGN §4): a target may take a new request when
// it is healthy, not draining, below its connection limit, and not already tried by this request
// (retries go to another target when one exists).
import type { Target } from '../target.ts';

export interface PickContext {
  /** Targets this request already failed on; avoided when another one is available. */
  readonly tried: readonly Target[] | null;
  /** The consistent-hash key (a header value or the client address); null when none. */
  readonly hashKey: string | null;
  /** `PoolConfig.maxConnectionsPerTarget`; 0 = no limit. */
  readonly maxOutstanding: number;
  /** Ignore slow start (second pass when every target declined its turn). */
  readonly ignoreSlowStart?: boolean;
}

export function available(target: Target, ctx: PickContext): boolean {
  if (!target.healthy || target.draining) return false;
  // Slow start: a target still ramping up takes only its `admit` share of the turns it is offered.
  if (target.admit < 1 && ctx.ignoreSlowStart !== true && Math.random() >= target.admit) return false;
  if (ctx.maxOutstanding > 0 && target.outstanding >= ctx.maxOutstanding) return false;
  return ctx.tried === null || !ctx.tried.includes(target);
}

export interface Balancer {
  /** A target for this request, or null when none is available. */
  pick(targets: readonly Target[], ctx: PickContext): Target | null;
}
