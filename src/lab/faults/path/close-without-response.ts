// Reads the whole request, then FIN without a byte of response: a worker recycled mid-request.
// On a fresh connection this is not a keep-alive race (the request was the first on it).
import { definePathFault } from '../../fault.ts';

export const closeWithoutResponse = definePathFault({
  id: 'close-without-response',
  expectCause: 'upstream_closed_before_response',
  description: 'reads the whole request, then closes (FIN) without a response',
  trigger: { method: 'GET' },
  async handle(ctx) {
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.channel.fin();
    return 'hold';
  },
});
