// Small raw TCP servers for probe tests: each answers with exact bytes, so a test controls every
// CR, LF and FIN the probe sees.
import { createServer, type Server, type Socket } from 'node:net';

export interface RawServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function rawServer(onRequest: (socket: Socket) => void, host = '127.0.0.1'): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let seen = '';
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      // One callback per complete request head (the probe sends GETs without bodies).
      while (seen.includes('\r\n\r\n')) {
        seen = seen.slice(seen.indexOf('\r\n\r\n') + 4);
        onRequest(socket);
      }
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => done());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

/** Answers every request with `head` + `body` and keeps the connection open. */
export function respond(head: string, body = ''): (socket: Socket) => void {
  return (socket) => socket.write(Buffer.from(head + body, 'latin1'));
}
