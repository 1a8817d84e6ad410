// The registry of subcommands, in the order `gatewise --help` lists them.
import type { Command } from '../command.ts';
import { serveCommand } from './serve.ts';
import { reloadCommand } from './reload.ts';
import { doctorCommand } from './doctor.ts';
import { probeCommand } from './probe.ts';
import { checkCommand } from './check.ts';
import { labCommand } from './lab.ts';
import { causesCommand } from './causes.ts';
import { demoCommand } from './demo.ts';

export const COMMANDS: readonly Command[] = [
  serveCommand,
  reloadCommand,
  doctorCommand,
  probeCommand,
  checkCommand,
  labCommand,
  causesCommand,
  demoCommand,
];
