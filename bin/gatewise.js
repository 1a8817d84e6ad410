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
const major = Number(process.versions.node.split('.')[0]);

if (major >= REQUIRED_MAJOR) {
  // Cache the type-stripped modules (Node's compile cache, in the OS temp dir): later starts skip
  // the TypeScript stripper, which otherwise stays resident (~35 MB RSS) and slows every start.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  const { runCli } = await import(entry);
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
  const child = spawn(pinned, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Every signal an operator sends the gateway: stop, reload (HUP), reopen logs (USR1), …
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
