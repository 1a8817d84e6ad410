// A retry budget (Envoy's retry_budget, Finagle's RetryBudget): retries may not exceed
// `budgetPercent` of the requests seen over a sliding window, so a failing pool is not hammered
// with a multiple of its load. A small floor lets a quiet pool still retry.
const WINDOW_MS = 10_000;
const MIN_RETRIES_PER_WINDOW = 3;

export interface RetryBudget {
  noteRequest(nowMs: number): void;
  /** Whether a retry may be spent now; spends it when so. */
  trySpend(nowMs: number): boolean;
}

export function createRetryBudget(budgetPercent: number): RetryBudget {
  // Two half-window buckets: cheap and good enough for a sliding estimate.
  const half = WINDOW_MS / 2;
  let bucketStart = 0;
  let requestsPrev = 0;
  let requestsNow = 0;
  let retriesPrev = 0;
  let retriesNow = 0;
  function roll(nowMs: number): void {
    if (nowMs - bucketStart < half) return;
    if (nowMs - bucketStart < WINDOW_MS) {
      requestsPrev = requestsNow;
      retriesPrev = retriesNow;
    } else {
      requestsPrev = 0;
      retriesPrev = 0;
    }
    requestsNow = 0;
    retriesNow = 0;
    bucketStart = nowMs;
  }
  return {
    noteRequest(nowMs) {
      roll(nowMs);
      requestsNow += 1;
    },
    trySpend(nowMs) {
      roll(nowMs);
      const allowed = Math.max(MIN_RETRIES_PER_WINDOW, ((requestsPrev + requestsNow) * budgetPercent) / 100);
      if (retriesPrev + retriesNow + 1 > allowed) return false;
      retriesNow += 1;
      return true;
    },
  };
}
