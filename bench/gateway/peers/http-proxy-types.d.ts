// The few parts of http-proxy 1.18 (no bundled types) that the peer script uses.
declare module 'http-proxy' {
  import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
  interface ProxyServer {
    web(req: IncomingMessage, res: ServerResponse): void;
    on(event: 'error', listener: (error: Error, req: IncomingMessage, res: ServerResponse) => void): this;
  }
  const httpProxy: {
    createProxyServer(options: { target: string; agent?: Agent; xfwd?: boolean }): ProxyServer;
  };
  export default httpProxy;
}
