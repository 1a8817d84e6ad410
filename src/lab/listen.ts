// Binding a listener, with the port-in-use case turned into a coded error that names the listener.
import type { Server } from 'node:net';
import { LabError } from './errors.ts';

export function listen(server: Server, host: string, port: number, listener: string, backlog?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
        reject(new LabError('ERR_LAB_LISTEN', `lab listener "${listener}" cannot bind ${host}:${port} (${error.code}): choose another --listen port (port faults use the ports right after it)`));
      } else reject(error);
    };
    server.once('error', onError);
    server.listen({ host, port, ...(backlog === undefined ? {} : { backlog }) }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/** '127.0.0.1:9000' / '[::1]:9000'. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** 'http://127.0.0.1:9000' / 'https://[::1]:9001'. */
export function originOf(scheme: 'http' | 'https', host: string, port: number): string {
  return `${scheme}://${hostPort(host, port)}`;
}
