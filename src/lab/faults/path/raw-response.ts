// Shared by the malformed-response faults: read the request, write exact bytes, then FIN. Each
// fault file holds its own bytes; this only does the I/O.
import { definePathFault, type PathFault } from '../../fault.ts';
import type { CauseId } from '../../../causes/index.ts';

export function defineRawResponseFault(spec: {
  id: string;
  expectCause: CauseId;
  description: string;
  bytes: string;
}): PathFault {
  return definePathFault({
    id: spec.id,
    expectCause: spec.expectCause,
    description: spec.description,
    trigger: { method: 'GET' },
    async handle(ctx) {
      if ((await ctx.readBody()) === null) return 'hold';
      ctx.channel.write(Buffer.from(spec.bytes, 'latin1'));
      ctx.channel.fin();
      return 'hold';
    },
  });
}
