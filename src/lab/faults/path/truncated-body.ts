// Content-Length promises more than is sent, then FIN: a target that died mid-response. The head
// may already be forwarded; the proxy can only abort the client connection (RFC 9112 §8:
// an incomplete message).
import { definePathFault } from '../../fault.ts';

export const TRUNCATED_BODY_LENGTH = 1024;
export const TRUNCATED_BODY_SENT = 512;

export const truncatedBody = definePathFault({
  id: 'truncated-body',
  expectCause: 'upstream_closed_mid_body',
  description: `answers 200 with Content-Length ${TRUNCATED_BODY_LENGTH}, sends ${TRUNCATED_BODY_SENT} body bytes, then FIN`,
  trigger: { method: 'GET' },
  async handle(ctx) {
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.channel.write(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${TRUNCATED_BODY_LENGTH}\r\n\r\n${'a'.repeat(TRUNCATED_BODY_SENT)}`,
    );
    ctx.channel.fin();
    return 'hold';
  },
});
