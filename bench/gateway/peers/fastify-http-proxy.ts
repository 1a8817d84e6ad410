// Peer: @fastify/http-proxy on Fastify with its defaults (upstream requests through undici's pooled
// keep-alive client via @fastify/reply-from). Logging off, as for every other proxy measured.
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import { peerArgs } from './args.ts';

const { host, port, upstream } = peerArgs();
const app = Fastify({ logger: false, keepAliveTimeout: 75_000 });
await app.register(proxy, { upstream });
await app.listen({ host, port });
process.on('SIGTERM', () => process.exit(0));
