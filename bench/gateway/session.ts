// `--nice`: give the benchmark's processes priority over other work on a shared machine.
//
// With autogroups on (kernel.sched_autogroup_enabled = 1, the default on Debian), the scheduler first
// shares CPU between sessions' autogroups and only then between the processes of one: a process's
// own nice value ranks it only inside its session (sched(7), "The autogroup feature"). So the harness
// runs itself again in a new session (`setsid`: a new autogroup that holds only the bench's
// processes, gone when they exit) and sets that autogroup's nice through /proc/self/autogroup.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const MARK = 'GATEWISE_BENCH_SESSION';

function autogroupsEnabled(): boolean {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/**
 * When a new session is needed, run this same script in one and resolve to its exit code (signals
 * are forwarded: the new session is outside the terminal's Ctrl-C). Otherwise apply `nice` here
 * and resolve to undefined: the caller goes on with the benchmark.
 */
export async function applyNice(nice: number): Promise<number | undefined> {
  if (autogroupsEnabled() && process.env[MARK] !== '1') {
    const child = spawn('setsid', [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, [MARK]: '1' },
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    return new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
      child.on('error', (error) => {
        process.stderr.write(`bench: could not start a new session with setsid: ${error.message}\n`);
        resolve(2);
      });
    });
  }
  if (process.env[MARK] === '1') writeFileSync('/proc/self/autogroup', String(nice));
  os.setPriority(nice); // inherited by every process this thread starts
  return undefined;
}
