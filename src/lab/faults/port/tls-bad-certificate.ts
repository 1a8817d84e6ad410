// A TLS port whose certificate no verifying client accepts: self-signed, for gatewise-lab.invalid
// (not the address asked for). A client that does not verify gets the normal routes, which is the
// point: the failure is the proxy's verification, not the target.
import { createServer } from 'node:net';
import { createSecureContext } from 'node:tls';
import { definePortFault } from '../../fault.ts';
import { closeServer, listen } from '../../listen.ts';
import { tlsChannel } from '../../tls/tls-channel.ts';

export const tlsBadCertificate = definePortFault({
  id: 'tls-bad-certificate',
  expectCause: 'upstream_tls_certificate_invalid',
  scheme: 'https',
  description: 'a TLS port with a self-signed certificate for gatewise-lab.invalid: fails when the client verifies',
  trigger: { method: 'GET', verifyTls: true },
  async start(env) {
    const context = createSecureContext({ key: env.certificates.bad.keyPem, cert: env.certificates.bad.certPem });
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      env.serveHttp(tlsChannel(env.tracker.track(socket, 'tls-bad-certificate'), context, env.log));
    });
    const port = await listen(server, env.host, env.port, 'tls-bad-certificate');
    return { port, close: () => closeServer(server) };
  },
});
