// Does `gatewise check FILE`, run as the real binary, print exactly what `nginx -t` users expect —
// success line and exit 0, or every error as FILE:LINE:COL: key: problem. Fix: … and exit 2 — with
// warnings shown (exit 0, or 1 under --strict) and other kinds of config sent to their own checker?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../bin/gatewise.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/gatewise.yaml', import.meta.url).pathname;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function gatewise(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gatewise-check-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VALID = 'listeners:\n  - name: main\n    listen: 127.0.0.1:8080\nroutes:\n  - pool: app\npools:\n  app:\n    targets:\n      - url: http://127.0.0.1:9000\n';

test('a valid config: the success line on stdout, exit 0', async () => {
  assert.deepEqual(await gatewise('check', EXAMPLE), { code: 0, stdout: `gatewise: configuration file ${EXAMPLE} test is successful\n`, stderr: '' });
});

test('an invalid config: every error, then the failure line, exit 2', async () => {
  const path = file('bad.yaml', VALID.replace('127.0.0.1:8080', '127.0.0.1:99999').replace('pool: app', 'pool: api').replace('    targets:', '    timeout:\n      connect: 1s\n    targets:'));
  assert.deepEqual(await gatewise('check', path), {
    code: 2,
    stdout: '',
    stderr:
      `${path}:3:13: listeners[0].listen: port 99999 is outside 0–65535. Fix: use a port from 0 to 65535.\n` +
      `${path}:5:11: routes[0].pool: pool "api" is not defined under pools. Fix: did you mean "app"?\n` +
      `${path}:8:5: pools.app.timeout: unknown key "timeout" in pools.app. Fix: did you mean "timeouts"?\n` +
      `gatewise: configuration file ${path} test failed (3 errors)\n`,
  });
});

test('a YAML syntax error is an error like any other', async () => {
  const path = file('syntax.yaml', 'listeners:\n  - name: main\n   listen: x\n');
  const run = await gatewise('check', path);
  assert.equal(run.code, 2);
  assert.match(run.stderr, new RegExp(`^${path}:3:1: .+\\. Fix: .+\\ngatewise: configuration file ${path} test failed \\(1 error\\)\\n$`));
});

test('warnings: shown, exit 0; with --strict, exit 1', async () => {
  const path = file('warn.yaml', VALID + 'client:\n  timeouts:\n    idle: 60s\n');
  const warning = `${path}:12:11: warning: client.timeouts.idle: 60 s is not above 60 s: behind an ALB with its 60 s idle timeout this gateway will close connections the ALB reuses → the ALB's 502s. Fix: set client.timeouts.idle above the idle timeout of the load balancer in front (default 75s).\n`;
  assert.deepEqual(await gatewise('check', path), { code: 0, stdout: `gatewise: configuration file ${path} test is successful\n`, stderr: warning });
  assert.deepEqual(await gatewise('check', '--strict', path), { code: 1, stdout: '', stderr: `${warning}gatewise: configuration file ${path} test failed (1 warning, --strict)\n` });
});

test('an NGINX config goes to the NGINX checker by detection, to ours only with --kind gatewise', async () => {
  const nginx = file('nginx.conf', 'events {}\nhttp {\n  server { listen 8080; }\n}\n');
  const detected = await gatewise('check', nginx);
  assert.doesNotMatch(detected.stderr, /unknown key|expected a map/, 'not read as a Gatewise YAML');
  const forced = await gatewise('check', '--kind', 'gatewise', nginx);
  assert.equal(forced.code, 2);
  assert.match(forced.stderr, new RegExp(`^${nginx}:1:1: .*\\ngatewise: configuration file ${nginx} test failed \\(1 error\\)\\n$`));
});

test('usage errors exit 2: no file, unknown kind, missing file', async () => {
  const none = await gatewise('check');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^gatewise check: name the config file to check/);
  const kind = await gatewise('check', '--kind', 'caddy', EXAMPLE);
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /--kind must be one of gatewise, nginx, haproxy, not "caddy"/);
  const missing = join(dir, 'absent.yaml');
  assert.deepEqual(await gatewise('check', missing), {
    code: 2,
    stdout: '',
    stderr: `${missing}: cannot read the file (ENOENT). Fix: check the path and its permissions.\ngatewise: configuration file ${missing} test failed\n`,
  });
});
