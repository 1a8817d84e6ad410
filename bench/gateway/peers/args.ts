// `--listen HOST:PORT --upstream URL`, the arguments every peer script takes (as `gatewise serve`).
import { parseArgs } from 'node:util';

export function peerArgs(): { host: string; port: number; upstream: string } {
  const { values } = parseArgs({ options: { listen: { type: 'string' }, upstream: { type: 'string' } } });
  const match = /^(.+):(\d+)$/.exec(values.listen ?? '');
  if (!match?.[1] || !match[2] || !values.upstream) {
    process.stderr.write('usage: --listen HOST:PORT --upstream http://HOST:PORT\n');
    process.exit(2);
  }
  return { host: match[1], port: Number(match[2]), upstream: values.upstream };
}
