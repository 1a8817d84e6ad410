// Control-plane events: every change of a target's state, with its reason (issue 5: "a target's
// state changes are events with the reason"), registrations, drains, DNS changes and reloads.
// They go to a ring (admin API, dashboard) and to a listener (serve prints them to stderr).
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
}
