// A subcommand: its name, its help, and a run function that returns an exit code. Commands write
// through `io` so tests can run them in-process as well as through the real binary.
import type { ExitCode } from './exit-codes.ts';
import type { Style } from './style.ts';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly out: Style;
  readonly err: Style;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop and return EXIT.interrupted. */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  /** One line for `gatewise --help`. */
  readonly summary: string;
  /** The full `gatewise <name> --help` text. */
  readonly help: string;
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>;
}

export function defineCommand(command: Command): Command {
  return command;
}

/** For a subcommand whose issue is not built yet: says so plainly and exits 2, no fake output. */
export function notBuiltYet(name: string, summary: string, issue: string): Command {
  const help = `gatewise ${name}: ${summary}\n\nNot built yet (${issue}). It exits 2 until then.\n`;
  return defineCommand({
    name,
    summary: `${summary} (not built yet)`,
    help,
    async run(_argv, io) {
      io.stderr.write(`gatewise ${name}: not built yet (${issue}).\n`);
      return 2;
    },
  });
}
