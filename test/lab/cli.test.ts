// Does the real binary behave: `gatewise lab --list --json` prints a parseable listing and exits 0;
// `--list` with port 0 and bad arguments exit 2 saying why; a running `gatewise lab` serves, prints
// its index and event lines, and stops cleanly on SIGTERM (exit 0) and SIGINT (exit 130)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isCauseId } from '../../src/causes/index.ts';
import type { FaultListing } from '../../src/lab/index.ts';

const BIN = join(import.meta.dirname, '../../bin/gatewise.js');
const env = { ...process.env, NO_COLOR: '1' };

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env });
}

test('gatewise lab --list --json: exit 0, at least 25 faults, real causes, default ports 9000+', () => {
  const result = run(['lab', '--list', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const faults: FaultListing[] = JSON.parse(result.stdout);
  assert.ok(faults.length >= 25, `${faults.length} faults`);
  for (const fault of faults) assert.ok(isCauseId(fault.expectCause), `${fault.id}: ${fault.expectCause}`);
  assert.equal(faults[0]?.url, 'http://127.0.0.1:9000/fault/reset-after-request');
  assert.equal(faults.find((f) => f.id === 'refused')?.url, 'http://127.0.0.1:9001/');
});

test('gatewise lab --list: a text index naming every fault and its cause', () => {
  const result = run(['lab', '--list', '--listen', '127.0.0.1:9100', '--idle-ms', '2500']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^gatewise lab: http:\/\/127\.0\.0\.1:9100\n/);
  assert.match(result.stdout, /keepalive-race +upstream_keepalive_race +http:\/\/127\.0\.0\.1:9100\/fault\/keepalive-race/);
  assert.match(result.stdout, /\[idle_ms=2500\]/);
  assert.doesNotMatch(result.stdout, /\u001b\[/, 'no colours when not a TTY');
});

test('gatewise lab --list with port 0 exits 2: the ports are not known before binding', () => {
  const result = run(['lab', '--list', '--listen', '127.0.0.1:0']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /ERR_LAB_PORTS_UNKNOWN/);
  assert.equal(result.stdout, '');
});

test('bad arguments exit 2', () => {
  assert.equal(run(['lab', '--bogus']).status, 2);
  assert.equal(run(['lab', '--listen', 'nope']).status, 2);
  assert.equal(run(['lab', '--idle-ms', 'soon']).status, 2);
});

async function startLabProcess() {
  const child = spawn(process.execPath, [BIN, 'lab', '--listen', '127.0.0.1:0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 15_000;
  while (!stdout.includes('\n')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the lab printed no index line within 15 s; stderr: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const index = JSON.parse(stdout.slice(0, stdout.indexOf('\n')));
  return { child, index, exited, output: () => stdout };
}

async function stopWith(signal: NodeJS.Signals, exited: Promise<{ code: number | null }>, pid: number): Promise<number | null> {
  process.kill(pid, signal);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    process.kill(pid, 'SIGKILL');
    throw new Error(`the lab did not exit within 10 s of ${signal}`);
  }
  return result.code;
}

test('gatewise lab --listen 127.0.0.1:0 serves, logs JSON lines, and exits 0 on SIGTERM', async () => {
  const { child, index, exited, output } = await startLabProcess();
  assert.equal(index.type, 'index');
  assert.match(index.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(index.faults.length >= 25);
  const response = await fetch(`${index.origin}/healthy`, { headers: { connection: 'close' } });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'ok\n');
  const deadline = Date.now() + 5000;
  while (!output().includes('"type":"request"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const events = output().split('\n').slice(1).filter(Boolean).map((line) => JSON.parse(line));
  assert.ok(events.some((e) => e.type === 'request' && e.route === 'healthy'), 'a request event line');
  assert.equal(await stopWith('SIGTERM', exited, child.pid ?? 0), 0);
});

test('gatewise lab exits 130 on SIGINT', async () => {
  const { child, exited } = await startLabProcess();
  assert.equal(await stopWith('SIGINT', exited, child.pid ?? 0), 130);
});
