// One timer per client connection, shared by every exchange on it and re-armed per phase (issue 3:
// "cheap timers"). Node's `refresh()` re-schedules a timer without allocating, but only for its
// original duration; so `arm()` refreshes when the running timer would fire no later than needed
// and only makes a new one when the new phase is shorter. An early fire re-checks the deadline and
// sleeps for the rest. With the default timeouts a busy connection settles into refresh() only.
export type TimerPhase =
  | 'client-idle' // between requests: silent close (clientTimeouts.idleMs)
  | 'client-head' // reading a request head (clientTimeouts.requestHeadMs)
  | 'client-body' // waiting for request body bytes (clientTimeouts.requestBodyIdleMs)
  | 'client-write' // the client does not read our response (clientTimeouts.idleMs)
  | 'connect'
  | 'tls'
  | 'send'
  | 'headers'
  | 'body';

export interface TimerOwner {
  onTimeout(phase: TimerPhase): void;
}

export class PhaseTimer {
  #owner: TimerOwner;
  #timer: NodeJS.Timeout | null = null;
  #durationMs = 0;
  #deadline = 0;
  #phase: TimerPhase | null = null;
  #fire = (): void => this.#onFire();

  constructor(owner: TimerOwner) {
    this.#owner = owner;
  }

  get phase(): TimerPhase | null {
    return this.#phase;
  }

  arm(phase: TimerPhase, ms: number): void {
    this.#phase = phase;
    this.#deadline = Date.now() + ms;
    if (this.#timer !== null && this.#durationMs <= ms) {
      this.#timer.refresh();
      return;
    }
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#durationMs = ms;
    this.#timer = setTimeout(this.#fire, ms).unref();
  }

  /** Stop watching; the pending timer (if any) fires into nothing. */
  disarm(): void {
    this.#phase = null;
  }

  /** For good: the connection is gone. */
  stop(): void {
    this.#phase = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #onFire(): void {
    const phase = this.#phase;
    if (phase === null) return;
    const left = this.#deadline - Date.now();
    if (left > 0) {
      this.#durationMs = left;
      this.#timer = setTimeout(this.#fire, left).unref();
      return;
    }
    this.#phase = null;
    this.#owner.onTimeout(phase);
  }
}
