// `gatewise lab`: run the fault lab in the foreground (index, then one JSON line per event), or
// print its fault listing (`--list`) and exit.
import { defineCommand, type CliIo } from '../command.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { createLab, DEFAULT_IDLE_MS, HELPER_PATHS, LabError, listFaults, type FaultListing, type LabEvent } from '../../lab/index.ts';
import { parseCommandArgs } from '../args.ts';

const DEFAULT_LISTEN = '127.0.0.1:9000';

const HELP = `gatewise lab: start a backend that misbehaves on purpose, one fault per cause.

Usage:
  gatewise lab [--listen HOST:PORT] [--idle-ms N] [--quiet] [--json]
  gatewise lab --list [--json] [--listen HOST:PORT] [--idle-ms N]

The main listener serves /fault/<id> (path faults; knobs as query parameters, e.g.
/fault/slow-headers?delay_ms=2000) and the helper routes /, /healthy, /echo, /slow.
Port faults (refused, blackhole, reset-on-accept, tls-only, plain-only, tls-bad-certificate,
tls-handshake-stall, tls-handshake-failure) each own a port: PORT+1, PORT+2, … in that order;
with port 0 every listener gets a free port chosen at start.

Options:
  --listen HOST:PORT  main listener (default ${DEFAULT_LISTEN}; [::1]:PORT for IPv6; 0 = any free port)
  --idle-ms N         idle_ms default of the short keep-alive faults (default ${DEFAULT_IDLE_MS})
  --quiet             do not print events
  --json              with --list: print the listing as JSON; running: print the index as one JSON line
  --list              print the fault listing and exit (needs a fixed port: with port 0 the ports
                      are only known once bound, so start the lab and read its index instead)

Running, the lab prints its index, then one JSON line per event (connection accepted, bytes in
and out, FIN/RST sent, peer closed, request parsed) until SIGINT (exit 130) or SIGTERM (exit 0).
`;

function parseListen(value: string): { host: string; port: number } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:[\]]+):(\d+)$/.exec(value) ?? /^()(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(`--listen ${value}: expected HOST:PORT, e.g. 127.0.0.1:9000 or [::1]:9000`);
  }
  return { host: match[1] || '127.0.0.1', port };
}

function parseIdleMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_IDLE_MS;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--idle-ms ${value}: expected a whole number of milliseconds`);
  return Number(value);
}

function formatIndex(io: CliIo, origin: string, faults: readonly FaultListing[]): string {
  const { bold, dim, cyan } = io.out;
  const idWidth = Math.max(...faults.map((f) => f.id.length));
  const causeWidth = Math.max(...faults.map((f) => f.expectCause.length));
  const lines = [bold(`gatewise lab: ${origin}`), '', bold('Faults') + dim(' (id, expected cause, url; then what it does)')];
  for (const fault of faults) {
    lines.push(`  ${fault.id.padEnd(idWidth)}  ${cyan(fault.expectCause.padEnd(causeWidth))}  ${fault.url}`);
    const knobs = fault.knobs.map((k) => `${k.name}=${k.default}`).join(' ');
    lines.push(dim(`  ${' '.repeat(idWidth)}  ${fault.description}${knobs ? ` [${knobs}]` : ''}`));
  }
  lines.push('', bold('Helper routes') + dim(' (not faults)'));
  for (const [path, what] of HELPER_PATHS) lines.push(`  ${origin}${path.split(' ')[0]}  ${dim(`${path}: ${what}`)}`);
  return `${lines.join('\n')}\n\n`;
}

async function runLab(io: CliIo, listen: { host: string; port: number }, idleMs: number, quiet: boolean, json: boolean): Promise<ExitCode> {
  const pending: LabEvent[] = [];
  let started = false;
  const print = (event: LabEvent) => io.stdout.write(`${JSON.stringify(event)}\n`);
  let lab;
  try {
    lab = await createLab({
      host: listen.host,
      port: listen.port,
      idleMs,
      log: quiet ? undefined : (event) => (started ? print(event) : pending.push(event)),
    });
  } catch (error) {
    // Ctrl-C during start also reaches openssl (same process group): that is an interruption, not an error.
    if (io.signal.aborted) return io.signal.reason === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
    throw error;
  }
  io.stdout.write(json ? `${JSON.stringify({ type: 'index', origin: lab.origin, faults: lab.faults })}\n` : formatIndex(io, lab.origin, lab.faults));
  if (!quiet && !json) io.stdout.write(io.out.dim('Events, one JSON line each (--quiet to silence):\n'));
  started = true;
  for (const event of pending.splice(0)) print(event);
  if (!io.signal.aborted) {
    await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
  }
  await lab.close();
  return io.signal.reason === 'SIGINT' ? EXIT.interrupted : EXIT.ok;
}

export const labCommand = defineCommand({
  name: 'lab',
  summary: 'start a backend that misbehaves on purpose, one fault per cause',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs({
      args: [...argv],
      options: {
        listen: { type: 'string', default: DEFAULT_LISTEN },
        'idle-ms': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const listen = parseListen(values.listen);
    const idleMs = parseIdleMs(values['idle-ms']);
    try {
      if (values.list) {
        const faults = listFaults({ host: listen.host, port: listen.port, idleMs });
        const origin = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
        io.stdout.write(values.json ? `${JSON.stringify(faults, null, 2)}\n` : formatIndex(io, origin, faults));
        return EXIT.ok;
      }
      return await runLab(io, listen, idleMs, values.quiet, values.json);
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
      io.stderr.write(`gatewise lab: ${error.message} (${error.code})\n`);
      return EXIT.usage;
    }
  },
});
