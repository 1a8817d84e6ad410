// A dead port: bound, then closed, so nothing listens and the kernel answers a SYN with RST
// (ECONNREFUSED). DESIGN §9: "a dead port is a bound-then-closed port".
import { createServer } from 'node:net';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';

export const refused = definePortFault({
  id: 'refused',
  expectCause: 'upstream_connect_refused',
  scheme: 'http',
  description: 'a port that was bound and closed: nothing listens, the connect is refused (RST to the SYN)',
  trigger: { method: 'GET' },
  async start(env) {
    const server = createServer();
    const port = await listen(server, env.host, env.port, 'refused');
    await closeServer(server);
    env.log.emit({ type: 'note', conn: null, text: `refused: ${env.host}:${port} bound then closed` });
    return { port, close: async () => {} };
  },
});
