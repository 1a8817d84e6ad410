// A target whose keep-alive timeout is shorter than the proxy's (Node's default 5 s behind ALB's
// 60 s): 200 keep-alive with no Keep-Alive header, then the idle socket is closed after idle_ms,
// exactly as Node's server.keepAliveTimeout does (socket.destroy(): FIN, and RST for a late
// request). A request landing as the socket closes meets the race; a proxy that watches its idle
// sockets (NGINX, HAProxy) drops a socket it saw close, so the race needs the timing of the
// trigger. For a deterministic test use keepalive-race.
import { defineKnob, definePathFault } from '../../fault.ts';

export const IDLE_KNOB = defineKnob({
  name: 'idle_ms',
  default: (settings) => settings.idleMs,
  max: 600_000,
  doc: 'close the connection after it has been idle this long',
});

export const shortKeepalive = definePathFault({
  id: 'short-keepalive',
  expectCause: 'upstream_keepalive_race',
  description: '200 keep-alive without a Keep-Alive header, then closes idle connections after idle_ms (FIN)',
  knobs: [IDLE_KNOB],
  trigger: { method: 'POST', bodyBytes: 64, primeOnSameConnection: true, waitAfterPrimeMs: 1000, proxyTimeouts: { keepAliveIdleAboveMs: 1000 } },
  async handle(ctx) {
    const idleMs = ctx.knob('idle_ms');
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.closeWhenIdle(idleMs);
    return ctx.reply(200, 'OK', 'ok\n', [['Content-Type', 'text/plain; charset=utf-8']]);
  },
});
