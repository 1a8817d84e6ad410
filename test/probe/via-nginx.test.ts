// With --via pointing at a real NGINX in front of the lab, does the probe tell a proxy-made 502 from
// the target's own answer, and name the cause the direct checks found when NGINX names none?
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, requireBinary } from '../support/binaries.ts';
import { createLab, type Lab } from '../../src/lab/index.ts';
import { runProbe, type ProbeReport } from '../../src/probe/run.ts';
import { parseTarget } from '../../src/probe/target.ts';

let lab: Lab;
let nginx: ChildProcess | null = null;
let nginxPort = 0;
let dir = '';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitListening(port: number, boundMs: number): Promise<void> {
  const until = Date.now() + boundMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${boundMs} ms (see ${dir}/error.log)`);
}

before(async () => {
  lab = await createLab({ host: '127.0.0.1' });
  const binary = findBinary('nginx');
  if (!binary) return;
  dir = mkdtempSync(join(tmpdir(), 'gatewise-via-'));
  nginxPort = await freePort();
  const labPort = new URL(lab.origin).port;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  server {\n    listen 127.0.0.1:${nginxPort};\n    location / { proxy_pass http://127.0.0.1:${labPort}; proxy_read_timeout 2s; }\n  }\n}\n`,
  );
  nginx = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  await waitListening(nginxPort, 5000);
});

after(async () => {
  if (nginx?.pid !== undefined) {
    const exited = new Promise((done) => nginx?.once('exit', done));
    nginx.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  await lab.close();
});

function probeVia(path: string): Promise<ProbeReport> {
  return runProbe({
    target: parseTarget(`${lab.origin}${path}`),
    lbIdleMs: 200,
    maxKeepAliveWaitMs: 2000,
    timeoutMs: 1000,
    via: parseTarget(`http://127.0.0.1:${nginxPort}${path}`),
    ca: null,
    resolver: null,
    proxyConfig: null,
  });
}

test('via NGINX to a healthy path: the same 200 both ways', async (t) => {
  if (!nginx) return void requireBinary(t, 'nginx', 'nginx-light');
  const via = (await probeVia('/healthy')).results.find((r) => r.check === 'via');
  assert.equal(via?.status, 'pass', JSON.stringify(via));
  assert.match(via?.summary ?? '', /the proxy answered 200, direct 200/);
});

test('via NGINX to a malformed header: NGINX 502, the cause from the direct checks', async (t) => {
  if (!nginx) return void requireBinary(t, 'nginx', 'nginx-light');
  const via = (await probeVia('/fault/header-space-before-colon')).results.find((r) => r.check === 'via');
  assert.equal(via?.status, 'fail');
  assert.equal(via?.cause, 'upstream_bad_response');
  assert.match(via?.evidence.join('\n') ?? '', /direct: malformed head \(space_before_colon\)/);
  assert.match(via?.evidence.join('\n') ?? '', /via http:\/\/127\.0\.0\.1:\d+\/fault\/header-space-before-colon: HTTP\/1\.1 502 Bad Gateway/);
  assert.match(via?.evidence.join('\n') ?? '', /the proxy names no cause; the direct checks found upstream_bad_response/);
});

test('via NGINX to the target\'s own 503: passed through, upstream_5xx', async (t) => {
  if (!nginx) return void requireBinary(t, 'nginx', 'nginx-light');
  const via = (await probeVia('/fault/target-503')).results.find((r) => r.check === 'via');
  assert.equal(via?.status, 'fail');
  assert.equal(via?.cause, 'upstream_5xx');
  assert.match(via?.summary ?? '', /both answered 503/);
});
