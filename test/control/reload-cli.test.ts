// Question: does `gatewise reload` refuse to signal when the config it is given has errors (exit 2,
// errors printed), say so when no process has the PID (exit 1), and reject bad arguments (exit 2)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './serve-process.ts';

const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'reload', ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });

test('gatewise reload: exit codes and messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-reload-cli-'));
  try {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'listeners:\n  - name: main\n    listen: nowhere\nroutes: []\n');
    // A live process that must not be signalled: the config check fails first.
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    const refused = run(['--pid', String(bystander.pid), '--config', bad]);
    await new Promise((r) => setTimeout(r, 300)); // let an exit, had there been one, be seen
    const alive = bystander.exitCode === null && bystander.signalCode === null;
    bystander.kill('SIGKILL');
    assert.equal(alive, true, 'the process was not signalled');
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /bad\.yaml:\d+:\d+: listeners\[0\]\.listen/);
    assert.match(refused.stderr, /not signalled, the gateway keeps its current config/);
    const pidFile = join(dir, 'gone.pid');
    writeFileSync(pidFile, '4000000\n');
    const gone = run(['--pidfile', pidFile]);
    assert.equal(gone.status, 1, gone.stderr);
    assert.match(gone.stderr, /no such process; is gatewise serve running\?/);
    assert.equal(run([]).status, 2);
    assert.equal(run(['--pid', 'abc']).status, 2);
    const missing = run(['--pidfile', join(dir, 'none.pid')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /gatewise serve --pidfile/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
