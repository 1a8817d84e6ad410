// Answers the ClientHello with a fatal handshake_failure alert (RFC 8446 §6.2, alert 40: "unable to
// negotiate an acceptable set of security parameters"), as a server with no cipher or version in
// common does, then FIN. Written as bytes so every client gets the same answer.
import { createServer } from 'node:net';
import { plainChannel } from '../../channel.ts';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';

export const TLS_HANDSHAKE_FAILURE_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

export const tlsHandshakeFailure = definePortFault({
  id: 'tls-handshake-failure',
  expectCause: 'upstream_tls_failed',
  scheme: 'https',
  description: 'answers the ClientHello with a fatal handshake_failure alert (15 03 03 00 02 02 28), then FIN',
  trigger: { method: 'GET' },
  async start(env) {
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      const conn = env.tracker.track(socket, 'tls-handshake-failure');
      conn.onData(() => {
        conn.onData(null);
        const channel = plainChannel(conn);
        channel.write(TLS_HANDSHAKE_FAILURE_ALERT);
        channel.fin();
      });
    });
    const port = await listen(server, env.host, env.port, 'tls-handshake-failure');
    return { port, close: () => closeServer(server) };
  },
});
