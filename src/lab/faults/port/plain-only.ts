// A plain HTTP port that a TLS client is pointed at (an https:// upstream on a plain port). The
// ClientHello's first byte (0x16) cannot start a method, so the lab answers what an HTTP server
// does: "400 Bad Request" in clear text, then FIN; the TLS client reads it as a record of a wrong
// version (OpenSSL: "wrong version number").
import { createServer } from 'node:net';
import { plainChannel } from '../../channel.ts';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';

export const plainOnly = definePortFault({
  id: 'plain-only',
  expectCause: 'upstream_protocol_mismatch',
  scheme: 'https',
  description: 'a plain HTTP port advertised as https://: a TLS ClientHello gets "HTTP/1.1 400 Bad Request" in clear, then FIN',
  trigger: { method: 'GET' },
  async start(env) {
    const server = createServer({ allowHalfOpen: true }, (socket) => env.serveHttp(plainChannel(env.tracker.track(socket, 'plain-only'))));
    const port = await listen(server, env.host, env.port, 'plain-only');
    return { port, close: () => closeServer(server) };
  },
});
