// Reads the whole request, then RST (SO_LINGER 0 + close): what a crashing or OOM-killed process
// does to an open connection. A proxy sees ECONNRESET before any response byte.
import { definePathFault } from '../../fault.ts';

export const resetAfterRequest = definePathFault({
  id: 'reset-after-request',
  expectCause: 'upstream_reset_before_response',
  description: 'reads the whole request, then sends RST (linger 0) without a response',
  trigger: { method: 'GET' },
  async handle(ctx) {
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.channel.reset();
    return 'hold';
  },
});
