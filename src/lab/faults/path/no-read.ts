// The target reads the request head and then stops reading: the socket buffers on both sides fill
// and a large request body cannot be sent (NGINX "upstream timed out … while sending request to
// upstream"). On loopback Linux autotunes receive buffers up to net.ipv4.tcp_rmem's max (6 MiB) and
// send buffers up to tcp_wmem's (4 MiB), so the trigger's body is larger than both together.
// After hold_ms the lab gives up and resets the connection, so a long-running lab leaks nothing.
import { defineKnob, definePathFault } from '../../fault.ts';

export const noRead = definePathFault({
  id: 'no-read',
  expectCause: 'upstream_send_timeout',
  description: 'reads the request head, then never reads again (the request body cannot be sent); RST after hold_ms',
  knobs: [defineKnob({ name: 'hold_ms', default: 120_000, max: 3_600_000, doc: 'reset the stuck connection after this long' })],
  trigger: { method: 'POST', bodyBytes: 16 * 1024 * 1024, proxyTimeouts: { sendMs: 1000 } },
  async handle(ctx) {
    const holdMs = ctx.knob('hold_ms');
    ctx.channel.stopReading();
    ctx.conn.timer(holdMs, () => ctx.conn.reset());
    return 'hold';
  },
});
