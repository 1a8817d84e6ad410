// Tests that need a real binary (nginx, haproxy, prometheus, chromium, …): in CI a missing binary
// is a failure, since .ci/run installs them; elsewhere the test skips and says why.
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

export function findBinary(name: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : null;
}

/** Returns the binary's path, or skips the test (fails it under CI=true) when it is missing. */
export function requireBinary(t: TestContext, name: string, debianPackage = name): string | null {
  const path = findBinary(name);
  if (path) return path;
  const reason = `needs "${name}" (Debian package ${debianPackage}); .ci/run installs it`;
  if (process.env.CI === 'true') throw new Error(`missing binary in CI: ${reason}`);
  console.log(`# skipped: ${t.name}: ${reason}`);
  t.skip(reason);
  return null;
}
