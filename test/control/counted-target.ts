// A real HTTP target on 127.0.0.1:0 that counts the health checks (`GET /healthz`) it receives and
// can fail them (any status), for the tests of who runs the active checks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A target that counts the health checks it receives and can fail them (503). */
export interface Counted {
  readonly url: string;
  checks: number;
  served: number;
  healthStatus: number;
  stop(): Promise<void>;
}

export async function countedTarget(): Promise<Counted> {
  const sockets = new Set<Socket>();
  const c = { url: '', checks: 0, served: 0, healthStatus: 200 } as Counted;
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      c.checks += 1;
      res.writeHead(c.healthStatus, { 'Content-Type': 'text/plain' }).end('health\n');
      return;
    }
    c.served += 1;
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('counted\n');
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (c as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  c.stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return c;
}
