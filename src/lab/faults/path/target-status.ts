// The target's own 5xx, with a body: a healthy exchange whose status the proxy passes through. The
// faults target-500 … target-504 are made here so their bodies share one shape.
import type { PathFault } from '../../fault.ts';
import { definePathFault } from '../../fault.ts';

export function defineTargetStatusFault(status: 500 | 502 | 503 | 504, reason: string): PathFault {
  return definePathFault({
    id: `target-${status}`,
    expectCause: 'upstream_5xx',
    description: `the target itself answers ${status} ${reason} with a JSON body (keep-alive)`,
    trigger: { method: 'GET' },
    async handle(ctx) {
      if ((await ctx.readBody()) === null) return 'hold';
      const body = `${JSON.stringify({ error: reason, status, from: 'gatewise lab target' })}\n`;
      const headers: [string, string][] = [['Content-Type', 'application/json']];
      if (status === 503) headers.push(['Retry-After', '1']);
      return ctx.reply(status, reason, body, headers);
    },
  });
}
