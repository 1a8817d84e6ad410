// short-keepalive, but the target says so: `Keep-Alive: timeout=N` (seconds, rounded down from
// idle_ms; RFC 9112 §9.3 leaves the hint to the "Keep-Alive" header of RFC 2068 §19.7.1.1). A proxy
// that ignores the hint (NGINX, HAProxy) races as with short-keepalive; one that honours it closes
// the socket first and must never show the cause.
import { definePathFault } from '../../fault.ts';
import { IDLE_KNOB } from './short-keepalive.ts';

export const shortKeepaliveHinted = definePathFault({
  id: 'short-keepalive-hinted',
  expectCause: 'upstream_keepalive_race',
  description: 'as short-keepalive, but announces it with "Keep-Alive: timeout=N" (N = idle_ms / 1000, rounded down)',
  knobs: [IDLE_KNOB],
  trigger: { method: 'POST', bodyBytes: 64, primeOnSameConnection: true, waitAfterPrimeMs: 1000, proxyTimeouts: { keepAliveIdleAboveMs: 1000 } },
  async handle(ctx) {
    const idleMs = ctx.knob('idle_ms');
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.closeWhenIdle(idleMs);
    return ctx.reply(200, 'OK', 'ok\n', [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Keep-Alive', `timeout=${Math.floor(idleMs / 1000)}`],
    ]);
  },
});
