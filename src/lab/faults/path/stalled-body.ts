// The head and half of the body, then silence with the connection open: a stuck stream. Only the
// proxy's body (read-idle) timeout ends it (HAProxy sD; NGINX "upstream timed out … while reading
// upstream"). When the peer closes, the lab closes too.
import { definePathFault } from '../../fault.ts';

export const STALLED_BODY_LENGTH = 1024;
export const STALLED_BODY_SENT = 512;

export const stalledBody = definePathFault({
  id: 'stalled-body',
  expectCause: 'upstream_body_timeout',
  description: `answers 200 with Content-Length ${STALLED_BODY_LENGTH}, sends ${STALLED_BODY_SENT} body bytes, then goes silent with the connection open`,
  trigger: { method: 'GET', proxyTimeouts: { bodyMs: 1000 } },
  async handle(ctx) {
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.channel.write(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${STALLED_BODY_LENGTH}\r\n\r\n${'a'.repeat(STALLED_BODY_SENT)}`,
    );
    ctx.conn.onPeerEnd(() => ctx.conn.close());
    return 'hold';
  },
});
