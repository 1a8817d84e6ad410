// Accepts TCP, reads the ClientHello and never answers: the TLS handshake can only time out (ALB:
// "SSL handshake timeout"; NGINX 504). When the peer gives up and closes, the lab closes too.
import { createServer } from 'node:net';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';

export const tlsHandshakeStall = definePortFault({
  id: 'tls-handshake-stall',
  expectCause: 'upstream_tls_timeout',
  scheme: 'https',
  description: 'accepts TCP and reads the ClientHello, never answers it',
  trigger: { method: 'GET', proxyTimeouts: { tlsMs: 1000 } },
  async start(env) {
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      const conn = env.tracker.track(socket, 'tls-handshake-stall');
      conn.onPeerEnd(() => conn.close());
    });
    const port = await listen(server, env.host, env.port, 'tls-handshake-stall');
    return { port, close: () => closeServer(server) };
  },
});
