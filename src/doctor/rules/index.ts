// The rules in the order they are tried: the most specific evidence first (our own cause, the
// peer's own words), then what statuses and timers imply. The first verdict wins.
import type { LogEvent } from '../event.ts';
import { albLambdaRule } from './alb-lambda.ts';
import { clientSideRule } from './client-side.ts';
import { envoyFlagsRule } from './envoy-flags.ts';
import { gatewiseCauseRule } from './gatewise-cause.ts';
import { haproxyTerminationRule } from './haproxy-termination.ts';
import { lbNoAnswerRule } from './lb-no-answer.ts';
import { nginxErrorLogRule } from './nginx-error-log.ts';
import { proxyStatusOnlyRule } from './proxy-status-only.ts';
import { target5xxRule } from './target-5xx.ts';
import { unexplainedRule } from './unexplained.ts';
import type { Rule, RuleContext, Verdict } from './verdict.ts';

export const RULES: readonly Rule[] = [
  gatewiseCauseRule,
  nginxErrorLogRule,
  haproxyTerminationRule,
  envoyFlagsRule,
  albLambdaRule,
  target5xxRule,
  clientSideRule,
  lbNoAnswerRule,
  proxyStatusOnlyRule,
  unexplainedRule,
];

export function diagnose(e: LogEvent, ctx: RuleContext): Verdict | null {
  for (const rule of RULES) {
    const v = rule.apply(e, ctx);
    if (v !== null) return v;
  }
  return null;
}
