// Processes the benchmark starts, and stopping them by PID (never by name). Each started process is
// registered; `stopAll()` (called from `finally` and on SIGINT/SIGTERM) stops every one still alive,
// and any descendant it had (nginx workers, gateway workers) that outlived it.
import { spawn, type ChildProcess } from 'node:child_process';
import { identify, isSameProcessAlive, processTree, type ProcessIdentity } from './proc.ts';

const OUTPUT_LIMIT = 64 * 1024;

export interface Started {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process exits (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  stdout(): string;
  stderr(): string;
}

export interface ProcessRegistry {
  start(name: string, command: string, args: readonly string[], options?: { cwd?: string }): Started;
  stop(started: Started): Promise<void>;
  stopAll(): Promise<void>;
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    if (text.length < OUTPUT_LIMIT) text += chunk.toString('utf8');
  });
  return () => text;
}

export function createProcessRegistry(): ProcessRegistry {
  const live = new Map<Started, { child: ChildProcess; family: ProcessIdentity[] }>();

  const stop = async (started: Started): Promise<void> => {
    const entry = live.get(started);
    if (!entry) return;
    live.delete(started);
    // Remember the family before the root goes: orphans are re-parented and could not be found later.
    if (!started.hasExited()) entry.family = mergeFamily(entry.family, processTree(started.pid));
    if (!started.hasExited()) entry.child.kill('SIGTERM');
    const bounded = (ms: number) => Promise.race([started.exited, new Promise((r) => setTimeout(r, ms).unref())]);
    await bounded(3000);
    if (!started.hasExited()) {
      entry.child.kill('SIGKILL');
      await bounded(2000);
    }
    for (const member of entry.family) {
      if (member.pid !== started.pid && isSameProcessAlive(member)) {
        try {
          process.kill(member.pid, 'SIGKILL');
        } catch {
          // it exited between the check and the signal
        }
      }
    }
  };

  return {
    start(name, command, args, options = {}): Started {
      const child = spawn(command, [...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout = collect(child.stdout);
      const stderr = collect(child.stderr);
      let done = false;
      let stderrExtra = ''; // why the process could not start at all
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.on('exit', (code, signal) => {
          done = true;
          resolve({ code, signal });
        });
        child.on('error', (error) => {
          done = true;
          stderrExtra = `${error.message}\n`;
          resolve({ code: null, signal: null });
        });
      });
      const started: Started = {
        name,
        pid: child.pid ?? -1,
        exited,
        hasExited: () => done,
        stdout,
        stderr: () => stderrExtra + stderr(),
      };
      const self = child.pid === undefined ? undefined : identify(child.pid);
      live.set(started, { child, family: self ? [self] : [] });
      return started;
    },
    stop,
    async stopAll(): Promise<void> {
      await Promise.all([...live.keys()].map(stop));
    },
  };
}

function mergeFamily(known: ProcessIdentity[], now: ProcessIdentity[]): ProcessIdentity[] {
  const byPid = new Map(known.map((m) => [m.pid, m]));
  for (const m of now) byPid.set(m.pid, m);
  return [...byPid.values()];
}
