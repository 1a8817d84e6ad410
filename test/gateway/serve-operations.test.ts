// Does `gatewise serve` behave like an operator's NGINX in the two small ways logrotate and config
// review need? Config warnings (here the localhost trap of a quick-mode upstream) are printed on
// stderr while the gateway still starts, and SIGUSR1 reopens the access log by its path, so a
// rotated-away file stops growing and the new one receives the next lines. And the process signalled
// is the one bin/gatewise.js started, restarted in place with serve's V8 flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab } from '../../src/lab/index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/gatewise.js');

function get(port: number, path: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

async function waitFor(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const workers of ['1', '2']) test(`--workers ${workers}: config warnings are printed and serving goes on; SIGUSR1 reopens the access log`, async () => {
  const lab = await createLab({});
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-ops-'));
  const log = join(dir, 'access.log');
  const upstream = lab.origin.replace('127.0.0.1', 'localhost');
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--upstream', upstream, '--access-log', log], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await waitFor('"listening on" from serve', () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(out), 30_000);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
    // The launcher restarts serve in place (same PID) with its V8 memory flag (docs/control-plane.md).
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    for (const flag of ['--max-semi-space-size=4', '--no-parallel-scavenge']) assert.ok(cmdline.includes(flag), `serve runs with ${flag}; cmdline: ${cmdline.join(' ')}`);
    assert.ok(readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0').includes('MALLOC_ARENA_MAX=2'), 'serve runs with two malloc arenas');
    assert.match(err, /warning/, `a localhost upstream must produce a warning on stderr; stderr: ${err}`);
    assert.match(err, /localhost/);

    assert.equal(await get(port, '/healthy'), 200);
    await waitFor('the first access-log line', () => existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 1);
    // With workers, the pid an operator signals is the primary's: it must pass SIGUSR1 on.
    renameSync(log, `${log}.1`);
    child.kill('SIGUSR1');
    await waitFor('a new access log after SIGUSR1', () => existsSync(log));
    // Several requests on fresh connections, so that every worker has served one after the signal.
    for (let i = 0; i < 6; i++) assert.equal(await get(port, '/fault/target-503'), 503);
    await waitFor('six lines in the new file', () => readFileSync(log, 'utf8').trim().split('\n').length === 6);
    assert.equal(readFileSync(`${log}.1`, 'utf8').trim().split('\n').length, 1, 'the rotated file keeps only the line written before the rotation');
    assert.doesNotMatch(err, /Debugger listening/, 'SIGUSR1 must not start the inspector');
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Start serve with its compile cache in `cacheDir`; resolve with its pid, RSS (kB) and environment once it listens. */
async function startedServe(cacheDir: string, upstream: string): Promise<{ pid: number; rssKb: number; env: string[]; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--upstream', upstream], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_COMPILE_CACHE: cacheDir },
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await waitFor('"listening on" from serve', () => /listening on/.test(out), 30_000);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return {
    pid: child.pid!,
    rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]),
    env: readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0'),
    stop: () => (child.kill('SIGTERM'), exited),
  };
}

test('a first start on a cold compile cache restarts in place once, so serve never keeps the TypeScript stripper resident', async () => {
  const lab = await createLab({});
  const cacheDir = mkdtempSync(join(tmpdir(), 'gatewise-compile-cache-'));
  try {
    const cold = await startedServe(cacheDir, lab.origin);
    assert.equal(await cold.stop(), 0);
    const warm = await startedServe(cacheDir, lab.origin);
    assert.equal(await warm.stop(), 0);
    assert.ok(cold.env.includes('GATEWISE_WARMED=1'), 'the cold start wrote the cache and restarted itself');
    assert.ok(!warm.env.includes('GATEWISE_WARMED=1'), 'a warm start runs straight through');
    // The stripper costs ≈ 17 MB of RSS once loaded; both starts must be without it.
    assert.ok(Math.abs(cold.rssKb - warm.rssKb) < 8 * 1024, `cold start ${cold.rssKb} kB vs warm start ${warm.rssKb} kB`);
  } finally {
    await lab.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
});
