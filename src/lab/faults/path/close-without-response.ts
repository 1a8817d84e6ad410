// Reads the whole request, then FIN without a byte of response: a worker recycled mid-request.
// Only on a fresh connection is this not a keep-alive race (on a reused one the proxy cannot tell
// the two apart), hence freshConnection in the trigger.
import { definePathFault } from '../../fault.ts';

export const closeWithoutResponse = definePathFault({
  id: 'close-without-response',
  expectCause: 'upstream_closed_before_response',
  description: 'reads the whole request, then closes (FIN) without a response',
  trigger: { method: 'GET', freshConnection: true },
  async handle(ctx) {
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.channel.fin();
    return 'hold';
  },
});
