// The keep-alive race made deterministic: the first request on a connection gets 200 keep-alive;
// any later request on that same connection is met with FIN and no response, as when a server's
// idle timeout fires just as the proxy reuses the socket. POST, because a proxy must not retry a
// non-idempotent request on its own (RFC 9110 §9.2.2), so the race reaches the client.
import { definePathFault } from '../../fault.ts';

export const keepaliveRace = definePathFault({
  id: 'keepalive-race',
  expectCause: 'upstream_keepalive_race',
  description:
    'answers the first request on a connection 200 keep-alive; closes (FIN, no response) when a later request arrives on that connection',
  trigger: { method: 'POST', bodyBytes: 64, primeOnSameConnection: true, waitAfterPrimeMs: 50 },
  async handle(ctx) {
    if (ctx.index > 1) {
      ctx.channel.fin();
      return 'hold';
    }
    if ((await ctx.readBody()) === null) return 'hold';
    return ctx.reply(200, 'OK', 'primed: the next request on this connection gets FIN and no response\n', [
      ['Content-Type', 'text/plain; charset=utf-8'],
    ]);
  },
});
