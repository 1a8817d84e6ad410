// The target answered with its own 5xx and the proxy passed it through: step one of every
// troubleshooting guide (ALB: elb_status_code equals target_status_code → HTTPCode_Target_5XX_Count).
import { defineRule, sure } from './verdict.ts';

export const target5xxRule = defineRule({
  name: 'target-5xx',
  apply(e) {
    if (e.status < 500 || e.targetStatus === null || e.targetStatus !== e.status) return null;
    const ev = [`status ${e.status} = the target's own status ${e.targetStatus}`];
    if (e.target !== null) ev.push(`target ${e.target}`);
    return sure('target-5xx', 'upstream_5xx', 0.95, ev);
  },
});
