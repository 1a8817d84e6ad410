// The last rule: a failed request no other rule could name. It is reported as such (low
// confidence, the raw facts as evidence), never dropped.
import { defineRule, sure, fmtTimes } from './verdict.ts';

export const unexplainedRule = defineRule({
  name: 'unexplained',
  apply(e) {
    if (e.status < 500 && e.status !== 0) return null;
    return sure('unexplained', e.status === 500 ? 'proxy_internal_error' : 'proxy_unclassified_error', 0.3, [
      `status ${e.status}, target status ${e.targetStatus ?? '-'}`,
      fmtTimes(e),
    ]);
  },
});
