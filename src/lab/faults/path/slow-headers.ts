// The target takes longer than the proxy waits for a response head (NGINX proxy_read_timeout:
// "upstream timed out … while reading response header from upstream"; HAProxy timeout server: sH).
// After delay_ms it does answer 200, so the lab shows the answer came too late, not never.
import { defineKnob, definePathFault } from '../../fault.ts';

export const slowHeaders = definePathFault({
  id: 'slow-headers',
  expectCause: 'upstream_headers_timeout',
  description: 'reads the request, waits delay_ms (default 5000) before the response head, then answers 200',
  knobs: [defineKnob({ name: 'delay_ms', default: 5000, max: 600_000, doc: 'silence before the response head' })],
  trigger: { method: 'GET', proxyTimeouts: { headersMs: 1000 } },
  async handle(ctx) {
    const delayMs = ctx.knob('delay_ms');
    if ((await ctx.readBody()) === null) return 'hold';
    if (!(await ctx.sleep(delayMs))) return 'hold';
    return ctx.reply(200, 'OK', 'ok (late)\n', [['Content-Type', 'text/plain; charset=utf-8']]);
  },
});
