// ALB / Classic LB 5xx with no target answer (target_status_code "-"). The processing times say
// how far the load balancer got (ALB user guide, "Access log entries": request_processing_time is
// -1 when it could not dispatch the request to a target; target_processing_time is -1 when the
// target closed the connection or never answered). A 502 with "-1 -1 -1" is a refused connect, a
// keep-alive race or a target that closed before answering: the log alone cannot say which, so
// we weigh them and let the target's history (idle gap, failure streak, deregistration) tip it.
import { defineRule, fmtTimes, weigh, type RuleContext, type Verdict } from './verdict.ts';
import { RACE_HOW } from './nginx-error-log.ts';
import type { LogEvent } from '../event.ts';

export const ALB_502_HOW =
  'A refused connect shows up in TargetConnectionErrorCount (CloudWatch) and repeats on every request to a dead target; ' +
  'a keep-alive race hits single requests after idle periods and stops once the target\'s keep-alive timeout exceeds the ALB idle timeout (60 s); ' +
  'a target that closes before answering (crash, OOM kill, worker recycle) shows the request in the target\'s own log. ' +
  'ALB\'s error_reason does not help here: it names authentication and Lambda failures only. Run `gatewise probe http://<target>` to measure the target\'s keep-alive timeout.';

function contextual(weights: Record<string, number>, ctx: RuleContext, ev: string[]): void {
  if (ctx.failStreak >= 2) {
    weights.upstream_connect_refused = (weights.upstream_connect_refused ?? 0) * 4;
    ev.push(`${ctx.failStreak} failures in a row on this target with no answer between`);
  } else if (ctx.prevOk && ctx.gapMs >= 4000) {
    weights.upstream_keepalive_race = (weights.upstream_keepalive_race ?? 0) * 4;
    ev.push(`first request after ${(ctx.gapMs / 1000).toFixed(1)} s idle on this target`);
  } else if (ctx.prevOk) {
    weights.upstream_connect_refused = (weights.upstream_connect_refused ?? 0) / 3;
    ev.push('the previous request to this target got an answer');
  }
  if (ctx.draining) {
    // A deregistration on record outweighs what the log alone suggests (75%).
    weights.upstream_draining_expired = 3 * Object.values(weights).reduce((s, w) => s + w, 0);
    ev.push('the target was deregistered shortly before (CloudTrail)');
  }
}

function alb502(e: LogEvent, ctx: RuleContext, ev: string[]): Verdict {
  const rpt = e.times.request;
  const tpt = e.times.header;
  let w: Record<string, number>;
  if (rpt === -1) w = { upstream_connect_refused: 5, upstream_keepalive_race: 3, upstream_closed_before_response: 2 };
  else if (tpt === -1 || tpt === null) w = { upstream_keepalive_race: 4.5, upstream_closed_before_response: 4, upstream_connect_refused: 1.5 };
  else w = { upstream_bad_response: 6, upstream_bad_framing: 2, upstream_closed_before_response: 2 };
  contextual(w, ctx, ev);
  return weigh('lb-no-answer', w, ev, rpt === -1 || tpt === -1 ? ALB_502_HOW : 'The target sent bytes the load balancer could not use as a response; `curl -sv --raw http://<target>` shows the head.');
}

export const lbNoAnswerRule = defineRule({
  name: 'lb-no-answer',
  apply(e, ctx) {
    if ((e.format !== 'alb' && e.format !== 'clb' && e.format !== 'gatewise-json') || e.status < 500 || e.targetStatus !== null) return null;
    const ev = [`status ${e.status}, target status -`, fmtTimes(e)];
    if (e.target !== null) ev.push(`target ${e.target}`);
    if (e.errorReason !== null) ev.push(`error_reason ${e.errorReason}`);
    const clb = e.format === 'clb';
    switch (e.status) {
      case 502:
        return alb502(e, ctx, ev);
      case 503:
        if (clb) return weigh('lb-no-answer', { no_healthy_upstream: 5, upstream_overloaded: 3, no_upstream_configured: 2 }, ev,
          'SpilloverCount > 0 means the surge queue was full (overload); HealthyHostCount 0 means no healthy instance.');
        return weigh('lb-no-answer', e.target === null ? { no_upstream_configured: 6, no_healthy_upstream: 4 } : { upstream_overloaded: 5, no_healthy_upstream: 5 }, ev,
          'ALB answers 503 when the target group has no registered targets; `aws elbv2 describe-target-health` shows them.');
      case 504: {
        if (clb) return weigh('lb-no-answer', { upstream_headers_timeout: 5, upstream_keepalive_race: 4, upstream_connect_timeout: 1 }, ev,
          'Classic LB logs 504 both when the instance is too slow and when it closed its keep-alive connection first; set the instance keep-alive timeout above the ELB idle timeout.');
        const connect = e.times.request === -1;
        return weigh('lb-no-answer', connect ? { upstream_connect_timeout: 8, upstream_headers_timeout: 2 } : { upstream_headers_timeout: 8, upstream_connect_timeout: 2 }, ev,
          'request_processing_time -1 means the ALB never got the request to the target (connect timed out after 10 s: security group or NACL); otherwise the target took longer than the idle timeout.');
      }
      case 500:
        return weigh('lb-no-answer', { proxy_internal_error: 8, upstream_bad_response: 2 }, ev,
          'ALB 500 comes from the load balancer itself (WAF, authentication, a rule); error_reason names it when present.');
      default:
        return weigh('lb-no-answer', { proxy_unclassified_error: 1 }, ev);
    }
  },
});
