// Does `gatewise probe` (the real binary, spawned) print one line per check and exit with the
// documented codes: 0 for a healthy target, 1 when a check fails, 2 for bad usage; and does
// --json give the machine-readable report?
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { createLab, type Lab } from '../../src/lab/index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/gatewise.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Asynchronous on purpose: the lab answers from this process while the binary runs.
function gatewise(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

let lab: Lab;
before(async () => {
  lab = await createLab({ host: '127.0.0.1' });
});
after(async () => {
  await lab.close();
});

const fault = (id: string) => {
  const found = lab.faults.find((f) => f.id === id);
  assert.ok(found, `lab fault ${id}`);
  return found;
};

test('healthy target: exit 0, a ✓ line per check, the summary line', async () => {
  const run = await gatewise('probe', `${lab.origin}/healthy`, '--lb-idle-timeout', '300ms', '--timeout', '2s');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  for (const check of ['dns', 'tcp', 'listeners', 'http', 'framing', 'head-size', 'keep-alive']) {
    assert.match(run.stdout, new RegExp(`^✓ ${check} `, 'm'), `${check} passes`);
  }
  assert.match(run.stdout, /^- tls {10}http:\/\/ target: no TLS$/m);
  assert.match(run.stdout, /no failure, 0 warning\(s\), 7 passed, 3 skipped — .* probed in /);
});

test('short keep-alive: exit 1, the failing line with its cause, evidence and fix', async () => {
  const run = await gatewise('probe', fault('short-keepalive').url, '--lb-idle-timeout', '2s');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^✗ keep-alive {3}target closes idle connections after [\d.]+ m?s, before the LB's 2 s {2}\[upstream_keepalive_race\]$/m);
  assert.match(run.stdout, /^ {4}· the target closed the idle connection \(FIN\) after/m);
  assert.match(run.stdout, /^ {4}fix: .*server\.keepAliveTimeout = 65_000/m);
});

test('--json: one report object with every check, exit 1 on the refused port', async () => {
  const run = await gatewise('probe', fault('refused').url, '--json', '--timeout', '1s');
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.url, fault('refused').url);
  assert.deepEqual(
    report.results.map((r: { check: string }) => r.check),
    ['dns', 'tcp', 'listeners', 'tls', 'http', 'framing', 'head-size', 'keep-alive', 'via', 'proxy-config'],
  );
  const tcp = report.results.find((r: { check: string }) => r.check === 'tcp');
  assert.equal(tcp.status, 'fail');
  assert.equal(tcp.cause, 'upstream_connect_refused');
  assert.ok(Array.isArray(tcp.evidence) && tcp.evidence.length > 0);
  assert.equal(typeof tcp.durationMs, 'number');
  assert.equal(typeof report.durationMs, 'number');
});

test('bad usage exits 2 with the reason', async () => {
  const cases: [string[], RegExp][] = [
    [['probe'], /give the URL to probe/],
    [['probe', 'ftp://example.com/'], /uses ftp:; the probe speaks http: and https: only/],
    [['probe', 'not a url'], /is not a URL/],
    [['probe', 'http://127.0.0.1:1/', '--lb-idle-timeout', 'soon'], /--lb-idle-timeout "soon" is not a duration/],
    [['probe', 'http://127.0.0.1:1/', '--bogus'], /Unknown option '--bogus'/],
    [['probe', 'http://127.0.0.1:1/', '--ca', '/nonexistent/ca.pem'], /--ca \/nonexistent\/ca\.pem: cannot read it \(ENOENT\)/],
  ];
  for (const [args, message] of cases) {
    const run = await gatewise(...args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '');
  }
});
