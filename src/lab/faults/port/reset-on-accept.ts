// Accepts the connection and resets it at once, before reading a byte: a process that accepts and
// dies, or a load shedder that drops with linger 0. A proxy sees ECONNRESET before any response.
import { createServer } from 'node:net';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';

export const resetOnAccept = definePortFault({
  id: 'reset-on-accept',
  expectCause: 'upstream_reset_before_response',
  scheme: 'http',
  description: 'accepts, then sends RST (linger 0) before reading anything',
  trigger: { method: 'GET' },
  async start(env) {
    const server = createServer({ allowHalfOpen: true }, (socket) => env.tracker.track(socket, 'reset-on-accept').reset());
    const port = await listen(server, env.host, env.port, 'reset-on-accept');
    return { port, close: () => closeServer(server) };
  },
});
