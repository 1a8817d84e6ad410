// A TLS-only port. A TLS client (first byte 0x16, a handshake record) gets a real TLS session with
// a certificate from the lab CA and the main listener's routes; a plain HTTP request gets what
// OpenSSL answers a record of the wrong version with: a fatal protocol_version alert
// (RFC 8446 §6: 15 03 01 00 02 02 46), then FIN. (Node's own TLS server just closes.)
import { createServer } from 'node:net';
import { createSecureContext } from 'node:tls';
import { plainChannel } from '../../channel.ts';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';
import { tlsChannel } from '../../tls/tls-channel.ts';

export const TLS_PROTOCOL_VERSION_ALERT = Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]);
const HANDSHAKE_RECORD = 0x16;

export const tlsOnly = definePortFault({
  id: 'tls-only',
  expectCause: 'upstream_protocol_mismatch',
  scheme: 'http',
  description: 'a TLS-only port requested in plain HTTP: answers a TLS protocol_version alert, then FIN (TLS clients get the normal routes)',
  trigger: { method: 'GET' },
  async start(env) {
    const context = createSecureContext({ key: env.certificates.good.keyPem, cert: env.certificates.good.certPem });
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      const conn = env.tracker.track(socket, 'tls-only');
      conn.onData((first) => {
        if (first[0] === HANDSHAKE_RECORD) return env.serveHttp(tlsChannel(conn, context, env.log, first));
        conn.onData(null);
        const channel = plainChannel(conn);
        channel.write(TLS_PROTOCOL_VERSION_ALERT);
        channel.fin();
      });
    });
    const port = await listen(server, env.host, env.port, 'tls-only');
    return { port, close: () => closeServer(server) };
  },
});
