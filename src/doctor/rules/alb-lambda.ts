// ALB in front of a Lambda function: there is no connection to a target, but `error_reason` names
// what went wrong (ALB user guide, "Access log entries", error reason codes Lambda*). The codes that
// match a cause of the catalogue get it; the ones about the function's configuration or Lambda's
// service (permissions, VPC, KMS, a missing function) mean the target could not be started at all,
// the nearest of which is upstream_connect_refused, given with less confidence and the code's
// meaning in the evidence.
import type { CauseId } from '../../causes/index.ts';
import { defineRule, sure } from './verdict.ts';

const BY_CODE: Readonly<Record<string, CauseId>> = {
  LambdaInvalidResponse: 'upstream_bad_response',
  LambdaResponseTooLarge: 'upstream_bad_response',
  LambdaUnhandled: 'upstream_closed_before_response', // the function crashed on the request
  LambdaThrottling: 'upstream_overloaded',
  LambdaEC2ThrottledException: 'upstream_overloaded',
  LambdaConnectionTimeout: 'upstream_connect_timeout',
  LambdaRequestTooLarge: 'client_request_too_large',
};

const WHAT: Readonly<Record<string, string>> = {
  LambdaInvalidResponse: 'the function returned a response the load balancer cannot use (not the ALB response format)',
  LambdaResponseTooLarge: 'the function returned more than the 1 MB a response may be',
  LambdaUnhandled: 'the function failed with an unhandled error (its CloudWatch logs have the stack)',
  LambdaThrottling: 'Lambda throttled the invocation (concurrency limit)',
  LambdaEC2ThrottledException: 'Lambda was throttled by EC2 while setting up the function\'s network interface',
  LambdaConnectionTimeout: 'the invocation of the function timed out before it started',
  LambdaRequestTooLarge: 'the request body was over the 1 MB Lambda accepts from a load balancer',
};

export const albLambdaRule = defineRule({
  name: 'alb-lambda',
  apply(e) {
    const code = e.errorReason;
    if (e.format !== 'alb' || code === null || !code.startsWith('Lambda') || e.status < 400) return null;
    const ev = [`error_reason ${code}: ${WHAT[code] ?? 'Lambda could not run the function (its configuration, permissions or the Lambda service)'}`, `status ${e.status}`];
    const cause = BY_CODE[code];
    return cause === undefined ? sure('alb-lambda', 'upstream_connect_refused', 0.6, ev) : sure('alb-lambda', cause, 0.9, ev);
  },
});
