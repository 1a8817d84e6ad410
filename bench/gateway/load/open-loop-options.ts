// The open-loop generator's command line (see open-loop.ts for what each setting does).
import { parseArgs } from 'node:util';

export interface OpenLoopOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly rate: number; // requests per second
  readonly durationS: number; // measured seconds
  readonly connectionCount: number;
  readonly timeoutNs: number; // a request unanswered this long is a timeout
  // The generator's own warm-up (JIT, the ticker thread): requests due before it ends are sent on
  // schedule and checked, but not recorded in the histograms nor in achievedRate.
  readonly warmupS: number;
}

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n <= 0) {
    process.stderr.write(`open-loop: --${name} must be a positive number (got ${raw ?? 'nothing'})\n`);
    process.exit(2);
  }
  return n;
}

export function openLoopOptions(): OpenLoopOptions {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      path: { type: 'string', default: '/' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string', default: '50' },
      timeout: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '1' },
    },
    strict: true,
  });
  return {
    host: values.host,
    port: positive('port', values.port),
    path: values.path,
    rate: positive('rate', values.rate),
    durationS: positive('duration', values.duration),
    connectionCount: Math.floor(positive('connections', values.connections)),
    timeoutNs: positive('timeout', values.timeout) * 1e9,
    warmupS: values.warmup === '0' ? 0 : positive('warmup', values.warmup),
  };
}
