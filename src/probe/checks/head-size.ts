// Response head size against the buffers proxies read it into: NGINX proxy_buffer_size (one memory
// page by default: 4k on x86-64, "upstream sent too big header"), a common 8k setting, and HAProxy's
// bufsize 16384 minus maxrewrite 1024 (PH-- with a 502).
import type { ProbeFacts } from '../context.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';

export const HEAD_LIMITS = {
  nginxDefault: 4096,
  nginxCommon: 8192,
  haproxy: 16384 - 1024,
} as const;

export function checkHeadSize(facts: ProbeFacts): Verdict {
  const verdict = judgeHeadSize(facts);
  const result = facts.exchange;
  return result?.kind === 'response' ? { ...verdict, measured: { headBytes: result.head.headBytes, headerLines: result.head.headers.length } } : verdict;
}

function judgeHeadSize(facts: ProbeFacts): Verdict {
  const result = facts.exchange;
  if (result?.kind === 'parse-error' && (result.error.code === 'head_too_large' || result.error.code === 'too_many_headers')) {
    return problem('head-size', 'fail', 'the head exceeds the probe\'s own 64 KiB limit', {
      evidence: [`${result.error.code}: ${result.error.detail}`],
      cause: 'upstream_headers_too_large',
      fix: 'Shrink the response headers (cookies, CSP, debug headers): no common proxy accepts this.',
    });
  }
  if (result === null || result.kind !== 'response') return skip('head-size', 'no response head: see the http check');
  const size = result.head.headBytes;
  const lines = result.head.headers.length;
  const largest = [...result.head.headers].sort((a, b) => b[0].length + b[1].length - (a[0].length + a[1].length))[0];
  const evidence = [
    `response head: ${size} bytes, ${lines} field lines${largest ? `; largest: ${largest[0]} (${largest[0].length + largest[1].length + 4} bytes)` : ''}`,
    `limits: NGINX proxy_buffer_size ${HEAD_LIMITS.nginxDefault} (default on x86-64) / ${HEAD_LIMITS.nginxCommon}; HAProxy bufsize-maxrewrite ${HEAD_LIMITS.haproxy}`,
  ];
  if (size > HEAD_LIMITS.haproxy) {
    return problem('head-size', 'fail', `${size}-byte head: larger than NGINX and HAProxy defaults accept`, {
      evidence,
      cause: 'upstream_headers_too_large',
      fix: `Shrink the headers, or raise the proxy buffers above ${size} bytes: NGINX proxy_buffer_size 32k (and proxy_buffers); HAProxy tune.bufsize 32768.`,
    });
  }
  if (size > HEAD_LIMITS.nginxDefault) {
    return problem('head-size', 'warn', `${size}-byte head: over NGINX's default ${HEAD_LIMITS.nginxDefault}-byte proxy_buffer_size`, {
      evidence,
      cause: 'upstream_headers_too_large',
      fix: `Behind NGINX set proxy_buffer_size ${size > HEAD_LIMITS.nginxCommon ? '16k' : '8k'} (NGINX logs "upstream sent too big header while reading response header from upstream"), or shrink the headers.`,
    });
  }
  return pass('head-size', `${size}-byte head fits every common proxy buffer`, evidence, ['upstream_headers_too_large']);
}
