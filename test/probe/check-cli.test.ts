// Does `gatewise check` (the real binary) run the NGINX and HAProxy checkers with the documented
// output and exit codes: a finding per line as FILE:LINE: rule: …, 2 when an error is found (like
// `nginx -t` failing), 0 for a clean config, 1 for warnings only under --strict?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { requireBinary } from '../support/binaries.ts';
import { openPorts, render } from './config-fixtures.ts';

const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');

function gatewise(...args: string[]) {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
}

test('check on the NGINX mistakes: errors and warnings with file:line, exit 2', async () => {
  const ports = await openPorts();
  const { root, cleanup } = render('nginx/mistakes', ports);
  try {
    const run = gatewise('check', join(root, 'nginx.conf'));
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`${join(root, 'conf.d/app.conf')}:7: nginx/upstream-port-closed: nothing listens on 127\\.0\\.0\\.1:${ports.dead} .*\\[upstream_connect_refused\\]\\. Fix: `));
    assert.match(run.stderr, new RegExp(`${join(root, 'upstreams.conf')}:3: nginx/localhost-upstream: `));
    assert.match(run.stderr, /test failed \(1 error\)/);
  } finally {
    cleanup();
    await ports.close();
  }
});

test('check on clean NGINX and HAProxy configs: exit 0, "test is successful"', async () => {
  const ports = await openPorts();
  const nginx = render('nginx/clean', ports);
  const haproxy = render('haproxy/clean.cfg', ports);
  try {
    for (const path of [join(nginx.root, 'nginx.conf'), haproxy.root]) {
      const run = gatewise('check', path);
      assert.equal(run.status, 0, `${path}: ${run.stderr}`);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /test is successful/);
    }
  } finally {
    nginx.cleanup();
    haproxy.cleanup();
    await ports.close();
  }
});

test('check on HAProxy warnings only: exit 0, and 1 with --strict; a dead server port: exit 2', async () => {
  const ports = await openPorts();
  // Every port live: only the warnings of the mistakes fixture remain.
  const warningsOnly = render('haproxy/mistakes.cfg', { ...ports, dead: ports.live });
  const withDead = render('haproxy/mistakes.cfg', ports);
  try {
    const lenient = gatewise('check', '--kind', 'haproxy', warningsOnly.root);
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(lenient.stderr, /:17: haproxy\/localhost-server: .*\[upstream_connect_refused\]/);
    const strict = gatewise('check', '--kind', 'haproxy', '--strict', warningsOnly.root);
    assert.equal(strict.status, 1, strict.stderr);
    assert.match(strict.stderr, /test failed \(\d+ warnings, --strict\)/);
    const dead = gatewise('check', '--kind', 'haproxy', withDead.root);
    assert.equal(dead.status, 2, dead.stderr);
    assert.match(dead.stderr, new RegExp(`:16: haproxy/server-port-closed: nothing listens on 127\\.0\\.0\\.1:${ports.dead}`));
  } finally {
    warningsOnly.cleanup();
    withDead.cleanup();
    await ports.close();
  }
});

test('check on a broken NGINX file: the syntax error with file and line, exit 2', async () => {
  const ports = await openPorts();
  const { root, cleanup } = render('nginx/clean', ports);
  try {
    const path = join(root, 'broken-nginx.conf');
    writeFileSync(path, 'http {\n  server {\n    listen 80;\n');
    const run = gatewise('check', path);
    assert.equal(run.status, 2);
    assert.match(run.stderr, new RegExp(`${path}:4: unexpected end of file: a "}" is missing`));
  } finally {
    cleanup();
    await ports.close();
  }
});

test('check on saved `nginx -T` output: findings point into the original files', async (t) => {
  const nginx = requireBinary(t, 'nginx', 'nginx-light');
  if (!nginx) return;
  const ports = await openPorts();
  const { dir, root, cleanup } = render('nginx/mistakes', ports);
  try {
    const dump = spawnSync(nginx, ['-T', '-q', '-c', join(root, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log')], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(dump.status, 0, dump.stderr);
    const saved = join(dir, 'nginx-T.txt');
    writeFileSync(saved, dump.stdout);
    const run = gatewise('check', '--kind', 'nginx', saved);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`^${join(root, 'conf.d/app.conf')}:7: nginx/upstream-port-closed: `, 'm'));
    assert.match(run.stderr, new RegExp(`^${join(root, 'upstreams.conf')}:4: nginx/upstream-keepalive-race: `, 'm'));
  } finally {
    cleanup();
    await ports.close();
  }
});
