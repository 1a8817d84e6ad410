// `gatewise reload`: ask a running `gatewise serve` to re-read its config, like `nginx -s reload`:
// send SIGHUP to the PID from its pid file (`serve --pidfile FILE`) or given with --pid. With
// --config FILE the config is checked first and nothing is signalled when it has errors (the
// gateway would reject it anyway and keep serving the old one; this way the operator sees why).
import { readFile } from 'node:fs/promises';
import { checkConfigFile, formatProblem } from '../../config/index.ts';
import { defineCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { parseCommandArgs } from '../args.ts';

const HELP = `gatewise reload: make a running gatewise serve re-read its config (SIGHUP).

Usage:
  gatewise reload --pidfile FILE [--config FILE]
  gatewise reload --pid PID [--config FILE]

Options:
  --pidfile FILE   the file given to: gatewise serve --pidfile FILE
  --pid PID        the PID of gatewise serve (the primary under --workers)
  --config FILE    check this config first; signal only when it has no errors

A bad config is rejected by the gateway, which keeps serving the previous one and logs
"reload_rejected" with the error. Target state (health, draining, registrations) survives.
Exit codes: 0 signalled, 1 no such process, 2 usage error or config errors.
`;

export const reloadCommand = defineCommand({
  name: 'reload',
  summary: 'make a running gateway re-read its config (SIGHUP), like nginx -s reload',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs({ args: [...argv], options: { pidfile: { type: 'string' }, pid: { type: 'string' }, config: { type: 'string' } }, strict: true, allowPositionals: false });
    if ((values.pidfile === undefined) === (values.pid === undefined)) throw new UsageError('pass exactly one of --pidfile FILE or --pid PID');
    let pidText = values.pid ?? '';
    if (values.pidfile !== undefined) {
      try {
        pidText = (await readFile(values.pidfile, 'utf8')).trim();
      } catch (error) {
        throw new UsageError(`cannot read ${values.pidfile} (${(error as NodeJS.ErrnoException).code ?? 'error'}): start the gateway with: gatewise serve --pidfile ${values.pidfile} …`);
      }
    }
    if (!/^\d{1,10}$/.test(pidText) || Number(pidText) < 2) throw new UsageError(`"${pidText}" is not a process id`);
    const pid = Number(pidText);
    if (values.config !== undefined) {
      const result = await checkConfigFile(values.config);
      if (result.errors.length > 0) {
        for (const e of result.errors) io.stderr.write(`${formatProblem(e)}\n`);
        io.stderr.write(`gatewise reload: ${values.config} has ${result.errors.length} error(s); not signalled, the gateway keeps its current config\n`);
        return EXIT.usage;
      }
    }
    try {
      process.kill(pid, 'SIGHUP');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr.write(`gatewise reload: cannot signal PID ${pid} (${code}): ${code === 'ESRCH' ? 'no such process; is gatewise serve running?' : 'not permitted; run as the user that runs the gateway'}\n`);
      return EXIT.problems;
    }
    io.stdout.write(`gatewise reload: sent SIGHUP to ${pid}; the gateway logs "reloaded" or "reload_rejected" with the reason\n`);
    return EXIT.ok;
  },
});
