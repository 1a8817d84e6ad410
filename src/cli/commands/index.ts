// The registry of subcommands, in the order `gatewise --help` lists them. Each command module is
// imported only when that command runs (or prints its help): `gatewise serve` then never loads the
// doctor, probe, lab or demo code, which would stay resident in every gateway process. The summary
// lines live here for `gatewise --help`; test/cli/commands.test.ts checks they match the modules'.
import type { Command } from '../command.ts';

export interface CommandEntry {
  readonly name: string;
  /** One line for `gatewise --help` (the same as the module's `summary`). */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the gateway: a reverse proxy and load balancer that names the cause of every error it returns',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'reload',
    summary: 'make a running gateway re-read its config (SIGHUP), like nginx -s reload',
    load: async () => (await import('./reload.ts')).reloadCommand,
  },
  {
    name: 'doctor',
    summary: 'read gateway logs (AWS ALB/CLB, NGINX, HAProxy, Envoy, Gatewise) and name the cause of every 5xx',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  {
    name: 'probe',
    summary: 'run the 502 troubleshooting method live against a target',
    load: async () => (await import('./probe.ts')).probeCommand,
  },
  {
    name: 'check',
    summary: 'validate a Gatewise config like nginx -t: every error with file, line, key and fix',
    load: async () => (await import('./check.ts')).checkCommand,
  },
  {
    name: 'lab',
    summary: 'start a backend that misbehaves on purpose, one fault per cause',
    load: async () => (await import('./lab.ts')).labCommand,
  },
  {
    name: 'causes',
    summary: 'print the cause catalogue (table, one cause in detail, or --json)',
    load: async () => (await import('./causes.ts')).causesCommand,
  },
  {
    name: 'demo',
    summary: 'see it work: lab targets failing in four ways, the gateway in front, a live summary by cause',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
];
