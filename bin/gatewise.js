#!/usr/bin/env node
// The launcher is plain JavaScript so that it runs on any Node. Gatewise itself needs Node >= 24
// (native TypeScript type stripping, current TLS and HTTP internals); the project pins that runtime
// as the `node` devDependency, so when an older system Node starts us we hand over to the pinned one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUIRED_MAJOR = 24;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'cli', 'main.ts');
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const major = Number(process.versions.node.split('.')[0]);
const isServe = args[0] === 'serve';

// V8 flags for `gatewise serve`. A proxy's garbage is almost all per-request and dies young, but V8
// sizes the young generation for throughput of general programs and lets it grow to tens of MB
// under a high allocation rate (measured: peak RSS 118-124 MB in `npm run bench`). Capping each
// semi-space at 4 MB keeps scavenges short and frequent at no measured CPU cost (19.7 vs 20.2 µs per
// request) and the peak RSS near 100 MB. A scavenge of so small a young generation takes well under a
// millisecond on the main thread alone; done in parallel, the main thread waits for V8's helper
// threads, which on a busy (or, in the bench, pinned) core run only when the scheduler lets them.
// Measured over 15 bench runs each: p99 at half peak median 2.3 vs 2.8 ms, peak RSS at most 100.0
// vs 102.8 MB. An operator's own flag of the same name (command line or NODE_OPTIONS) wins.
const SERVE_V8_FLAGS = ['--max-semi-space-size=4', '--no-parallel-scavenge'];
/** V8's flag name without `--`, `no-` or a value, `_` read as `-`: `--no-parallel-scavenge` → `parallel-scavenge`. */
const flagName = (arg) => arg.split('=')[0].replace(/^--(no-)?/, '').replaceAll('_', '-');
const flagGiven = (flag) => [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--') && flagName(a) === flagName(flag));
const missingServeFlags = isServe ? SERVE_V8_FLAGS.filter((f) => !flagGiven(f)) : [];
// glibc gives every thread that allocates (V8's helpers, libuv's pool) an arena of its own, each
// fragmenting on its own: two arenas cost serve ≈ 3 MB less RSS at the same CPU per request (bench,
// 97.6 vs 100.1-101.6 MB). Read by glibc at start-up; an operator's own value wins; musl ignores it.
const SERVE_ENV = { MALLOC_ARENA_MAX: '2' };
const missingServeEnv = isServe ? Object.fromEntries(Object.entries(SERVE_ENV).filter(([name]) => process.env[name] === undefined)) : {};

/** Become a new image of this same process (PID, stdio, signal handlers of the operator's tools). */
function restartInPlace(extraNodeFlags, extraEnv) {
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...extraNodeFlags, self, ...args], { ...process.env, ...extraEnv });
}

/**
 * `gatewise serve` runs for weeks, so it should not carry Node's TypeScript stripper (amaro, ≈ 17 MB
 * of RSS), which stays resident once any module had to be stripped. That happens when the compile
 * cache is cold (first start after an install or upgrade, a cleaned temp dir): then load everything
 * serve may load, write the cache, and restart in place once (GATEWISE_WARMED guards the loop, e.g.
 * when the cache cannot be written).
 */
async function warmServeModules(flushCompileCache) {
  await import(join(root, 'src', 'cli', 'commands', 'serve.ts'));
  const stripped = process.moduleLoadList.some((m) => m.includes('amaro'));
  if (!stripped || process.env.GATEWISE_WARMED === '1' || typeof process.execve !== 'function') return;
  await import(join(root, 'src', 'gateway', 'control', 'admin-server.ts')); // loaded lazily by serve
  flushCompileCache?.();
  restartInPlace([], { GATEWISE_WARMED: '1' });
}

if (major >= REQUIRED_MAJOR) {
  // V8 reads its flags, and glibc its tunables, only at start-up.
  const restartNeeded = missingServeFlags.length > 0 || Object.keys(missingServeEnv).length > 0;
  if (restartNeeded && typeof process.execve === 'function') restartInPlace(missingServeFlags, missingServeEnv);
  // Cache the type-stripped modules (Node's compile cache, in the OS temp dir): later starts skip
  // the TypeScript stripper and start faster.
  const { enableCompileCache, flushCompileCache } = await import('node:module');
  enableCompileCache?.();
  const { runCli } = await import(entry);
  if (isServe) await warmServeModules(flushCompileCache);
  await runCli();
} else {
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `gatewise: needs Node >= ${REQUIRED_MAJOR} (this is ${process.version}).\n` +
        `Run "npm ci" in ${root} to install the pinned runtime, or install Node ${REQUIRED_MAJOR} LTS.\n`,
    );
    process.exit(2);
  }
  // The pinned Node runs this launcher again (flags, compile cache, warm start as above).
  const child = spawn(pinned, [self, ...args], { stdio: 'inherit' });
  // Every signal an operator sends the gateway: stop, reload (HUP), reopen logs (USR1), …
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
