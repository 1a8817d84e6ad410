// Does `npm start` (gatewise demo) do what the README promises? The real binary, not on a TTY:
// it runs by itself and exits 0, its summary names the causes its faulty targets produce (with
// each one's fix from the catalogue), the access log has one line per request the gateway
// handled, and nothing in the output or the log is proxy_unclassified_error or a 500. Ctrl-C
// stops it early with exit 130 and a summary; bad arguments exit 2. A process that exits on its
// own (not killed by the time limit) has stopped every server and timer it started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { causeOf, isCauseId, type CauseId } from '../../src/causes/index.ts';
import type { CliIo } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';
import { createStyle } from '../../src/cli/style.ts';

const BIN = join(import.meta.dirname, '../../bin/gatewise.js');
const env = { ...process.env, NO_COLOR: '1' };

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary; `onStdout` may act on the output so far (e.g. send SIGINT). Killed after `limitMs`. */
function runDemo(args: string[], limitMs: number, onStdout?: (so: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'demo', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    onStdout?.(stdout, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === 'SIGKILL' ? null : code, stdout, stderr });
    });
  });
}

function accessLogOf(stdout: string): string {
  const match = /^Access log: (.+) \((alb|json), (\d+) lines\)$/m.exec(stdout);
  assert.ok(match, `no "Access log: …" line in:\n${stdout}`);
  return match[1]!;
}

/** Cause ids listed under "gateway-made errors" / "recovered by a retry" in the final summary. */
function causesIn(stdout: string, heading: string): Map<CauseId, number> {
  const final = stdout.slice(stdout.lastIndexOf('\nDone.'));
  const start = final.indexOf(heading);
  assert.ok(start >= 0, `no "${heading}" in the final summary:\n${final}`);
  const found = new Map<CauseId, number>();
  for (const line of final.slice(start).split('\n').slice(1)) {
    const match = /^ {4}\S+ +([a-z0-9_]+) +×(\d+)/.exec(line);
    if (!match) break;
    const id = match[1] ?? '';
    assert.ok(isCauseId(id), `${id} is not a cause id`);
    found.set(id, Number(match[2]));
  }
  return found;
}

test('gatewise demo --duration 3s --rate 30: exit 0, causes named with their fix, one log line per request, no 500 or unclassified', async (t) => {
  const run = await runDemo(['--duration', '3s', '--rate', '30'], 60_000);
  const log = existsSync(accessLogOf(run.stdout)) ? accessLogOf(run.stdout) : null;
  t.after(() => {
    if (log !== null && dirname(log).includes('gatewise-demo-')) rmSync(dirname(log), { recursive: true, force: true });
  });
  assert.equal(run.code, 0, `exit code; stderr:\n${run.stderr}`);
  assert.equal(run.stderr, '', 'nothing on stderr (the gateway reports caught bugs there)');
  assert.doesNotMatch(run.stdout, /\u001b\[/, 'no escape codes when stdout is not a terminal');
  assert.match(run.stdout, /^gatewise demo \d+\.\d s\/3\.0 s: \d+ sent/m, 'a plain progress line while it runs');

  const errors = causesIn(run.stdout, 'gateway-made errors');
  const recovered = causesIn(run.stdout, 'recovered by a retry');
  const seen = new Set([...errors.keys(), ...recovered.keys()]);
  assert.ok(errors.has('upstream_bad_response'), `the bad-header target's cause among the errors: ${[...errors.keys()]}`);
  assert.ok(
    seen.has('upstream_reset_before_response') || seen.has('upstream_closed_before_response'),
    `the crashy target's cause named: ${[...seen]}`,
  );
  for (const id of seen) {
    const fix = causeOf(id).remedies[0]?.action;
    assert.ok(fix !== undefined && run.stdout.includes(`  ${id}: ${fix}`), `the fix of ${id} from the catalogue is printed`);
  }
  assert.doesNotMatch(run.stdout, /proxy_unclassified_error|proxy_internal_error/);
  assert.doesNotMatch(run.stdout, /\b500 ×/, 'no 500 among the responses');

  // One access-log line per request the gateway logged; the clients sent exactly those.
  assert.ok(log !== null, 'the access log file exists');
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.length > 0);
  const counted = /requests +(\d+) sent, (\d+) logged by the gateway/.exec(run.stdout.slice(run.stdout.lastIndexOf('\nDone.')));
  assert.ok(counted, 'the final summary counts requests');
  assert.equal(Number(counted[2]), Number(counted[1]), 'every request sent was logged');
  assert.equal(lines.length, Number(counted[2]), 'one access-log line per request');
  assert.ok(lines.length >= 60, `about 30 req/s for 3 s, got ${lines.length}`);
  assert.match(run.stdout, new RegExp(`\\(alb, ${lines.length} lines\\)`));
  // ALB fields: elb_status_code is the 9th field, error_reason carries the cause.
  for (const line of lines) {
    const elbStatus = line.split(' ')[8];
    assert.notEqual(elbStatus, '500', line);
    assert.doesNotMatch(line, /proxy_unclassified_error|proxy_internal_error/);
  }
  const badInLog = lines.filter((l) => l.includes('upstream_bad_response')).length;
  assert.equal(badInLog, errors.get('upstream_bad_response'), 'the log and the summary agree on upstream_bad_response');
  assert.match(run.stdout, new RegExp(`gatewise doctor ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'next: the doctor on that log');
});

test('gatewise demo --format json --access-log FILE writes JSON lines there', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-demo-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'demo.jsonl');
  const run = await runDemo(['--duration', '1s', '--rate', '20', '--format', 'json', '--access-log', file], 60_000);
  // The demo saves the config it ran in a temp directory of its own.
  const config = /config (\S+gatewise-demo-\S+)\/gatewise\.yaml/.exec(run.stdout)?.[1];
  if (config !== undefined) rmSync(config, { recursive: true, force: true });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(accessLogOf(run.stdout), file);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.ok(lines.length >= 10, `${lines.length} lines`);
  for (const line of lines) assert.equal(typeof JSON.parse(line), 'object');
});

test('SIGINT stops the demo early: exit 130, a final summary, everything closed', async () => {
  let sent = false;
  const started = Date.now();
  const run = await runDemo(['--duration', '60s', '--rate', '20'], 45_000, (stdout, child) => {
    if (!sent && /^gatewise demo \d/m.test(stdout)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  assert.ok(sent, `the demo never printed progress:\n${run.stdout}\n${run.stderr}`);
  assert.equal(run.code, 130, run.stderr);
  assert.match(run.stdout, /^Interrupted: the demo stopped early\./m);
  assert.ok(Date.now() - started < 40_000, 'it did not run its 60 s');
  const log = accessLogOf(run.stdout);
  rmSync(dirname(log), { recursive: true, force: true });
});

test('bad arguments and an unwritable access log exit 2 and say why, leaving nothing running', async () => {
  // One through the real binary; the rest in-process through the same dispatcher (cheaper).
  const run = await runDemo(['--rate', '0'], 60_000);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /^gatewise demo: --rate 0: expected requests per second from 1 to 500/m);
  assert.equal(run.stdout, '');
  const cases = [['--rate', '100000'], ['--duration', '1h'], ['--duration', 'soon'], ['--format', 'csv'], ['extra'], ['--access-log', ''], ['--access-log', '/nonexistent-gatewise-dir/access.log']];
  for (const args of cases) {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: Object.assign(new PassThrough(), { write: (chunk: string) => ((stdout += chunk), true) }),
      stderr: Object.assign(new PassThrough(), { write: (chunk: string) => ((stderr += chunk), true) }),
      stdin: new PassThrough(),
      out: createStyle({}, {}),
      err: createStyle({}, {}),
      env: {},
      signal: new AbortController().signal,
    } as unknown as CliIo;
    assert.equal(await main(['demo', ...args], io), 2, args.join(' '));
    assert.match(stderr, /^gatewise demo: /, args.join(' '));
    assert.equal(stdout, '', `${args.join(' ')} started nothing`);
  }
});
