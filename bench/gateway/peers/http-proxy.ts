// Peer: http-proxy (node-http-proxy) behind Node's http server, with a keep-alive agent so upstream
// connections are reused (without one, every request opens a new connection and the peer looks
// worse than it is). Errors answer 502 so the benchmark counts them.
import http from 'node:http';
import httpProxy from 'http-proxy';
import { peerArgs } from './args.ts';

const { host, port, upstream } = peerArgs();
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });
const proxy = httpProxy.createProxyServer({ target: upstream, agent });
proxy.on('error', (_error, _req, res) => {
  if (!res.headersSent) res.writeHead(502);
  res.end();
});
const server = http.createServer((req, res) => proxy.web(req, res));
server.keepAliveTimeout = 75_000;
server.listen(port, host);
process.on('SIGTERM', () => process.exit(0));
