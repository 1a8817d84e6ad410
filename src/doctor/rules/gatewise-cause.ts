// Our own gateway names the cause in its log (DESIGN §5): nothing to infer.
import { defineRule, sure } from './verdict.ts';

export const gatewiseCauseRule = defineRule({
  name: 'gatewise-cause',
  apply(e) {
    if (e.cause === null) return null;
    const ev = [`cause=${e.cause}`];
    if (e.phase !== null) ev.push(`phase=${e.phase}`);
    if (e.reused !== null) ev.push(`reused=${e.reused}`);
    if (e.attempts !== null) ev.push(`attempts=${e.attempts}`);
    return sure('gatewise-cause', e.cause, 1, ev);
  },
});
