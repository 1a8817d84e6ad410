// A response head larger than any proxy's header buffer (NGINX proxy_buffer_size 4–8 KiB: "upstream
// sent too big header"; HAProxy tune.bufsize 16 KiB; Node 16 KiB): filler fields of 1 KiB each until
// the head is larger than `bytes`.
import { defineKnob, definePathFault } from '../../fault.ts';

const LINE_VALUE = 'a'.repeat(1000);

export function oversizedHead(bytes: number): string {
  const lines = ['HTTP/1.1 200 OK', 'Content-Type: text/plain'];
  let size = lines.join('\r\n').length;
  for (let n = 1; size <= bytes; n += 1) {
    const line = `X-Lab-Fill-${String(n).padStart(5, '0')}: ${LINE_VALUE}`;
    lines.push(line);
    size += line.length + 2;
  }
  lines.push('Content-Length: 3', 'Connection: close');
  return `${lines.join('\r\n')}\r\n\r\nok\n`;
}

export const oversizedHeadFault = definePathFault({
  id: 'oversized-head',
  expectCause: 'upstream_headers_too_large',
  description: 'answers 200 with a response head larger than `bytes` (default 64 KiB) of 1 KiB filler fields, then FIN',
  knobs: [defineKnob({ name: 'bytes', default: 65_536, max: 16 * 1024 * 1024, doc: 'the head is larger than this' })],
  trigger: { method: 'GET' },
  async handle(ctx) {
    const bytes = ctx.knob('bytes');
    if ((await ctx.readBody()) === null) return 'hold';
    ctx.channel.write(Buffer.from(oversizedHead(bytes), 'latin1'));
    ctx.channel.fin();
    return 'hold';
  },
});
