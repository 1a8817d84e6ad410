// Argument parsing for every subcommand: `node:util` parseArgs, with its errors turned into a
// UsageError (exit 2 with the command's usage hint) instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
