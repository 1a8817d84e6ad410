// Control-plane events: every change of a target's state, with its reason (issue 5: "a target's
// state changes are events with the reason"), registrations, drains, DNS changes and reloads.
// They go to a ring (admin API, dashboard) and to a listener (serve prints them to stderr).
//
// With `--workers N` some events happen alike in every worker (a relayed check result, a
// registration, a reload): those are the gateway's, announced once, by the checker worker, so the
// log and /api/events say them once and not N times. The others are one worker's own (passive
// ejection and draining follow the requests that worker served): each worker says them, with its index.
import type { CauseId } from '../../causes/index.ts';

export type ControlEventKind =
  | 'healthy' // active checks passed healthy_threshold times
  | 'unhealthy' // active checks failed unhealthy_threshold times
  | 'ejected' // passive health: consecutive gateway-side failures
  | 'returned' // the ejection time ran out
  | 'fail_open' // every target unhealthy: routing to all of them (fail_open: true)
  | 'fail_open_ended'
  | 'registered'
  | 'deregistered' // draining started
  | 'drained' // the last in-flight request finished; the target is gone
  | 'drain_expired' // the deregistration delay ran out: in-flight requests were cut
  | 'dns_changed'
  | 'reloaded'
  | 'reload_rejected';

/** Events every worker of `--workers N` has alike: the checker worker announces them for the gateway. */
export const GATEWAY_WIDE_EVENTS: ReadonlySet<ControlEventKind> = new Set<ControlEventKind>([
  'healthy',
  'unhealthy',
  'registered',
  'deregistered',
  'dns_changed',
  'reloaded',
  'reload_rejected',
]);

export interface ControlEvent {
  /** Epoch ms. */
  readonly at: number;
  readonly kind: ControlEventKind;
  readonly pool: string | null;
  /** The target's URL. */
  readonly target: string | null;
  /** The cause of the failing check or attempt, when there is one. */
  readonly cause: CauseId | null;
  readonly detail: string;
  /** The worker (index 0 … N-1) whose own event this is; null for the gateway's (and in a single process). */
  readonly worker: number | null;
}
