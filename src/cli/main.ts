// `gatewise`: dispatch to a subcommand, turn usage errors into exit 2 and SIGINT into exit 130.
import { readFileSync } from 'node:fs';
import type { CliIo, Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { createStyle } from './style.ts';
import { UsageError } from './usage-error.ts';

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

function rootHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'gatewise: every error a gateway returns, named, proven and fixable.',
    '',
    'Usage: gatewise <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show help (also: gatewise <command> --help)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 problems found, 2 usage or config error, 130 interrupted.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(topic ? (await topic.load()).help : rootHelp());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`gatewise ${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) {
    io.stderr.write(`gatewise: unknown command "${first}". Run "gatewise --help" for the list.\n`);
    return EXIT.usage;
  }
  const command: Command = await entry.load();
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`gatewise ${command.name}: ${error.message}\nRun "gatewise ${command.name} --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_CONFIG')) {
      io.stderr.write(`gatewise ${command.name}: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function processIo(): CliIo {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) process.exit(signal === 'SIGINT' ? EXIT.interrupted : 143);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    out: createStyle(process.stdout),
    err: createStyle(process.stderr),
    env: process.env,
    signal: controller.signal,
  };
}

export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIo());
}

if (import.meta.main) await runCli();
