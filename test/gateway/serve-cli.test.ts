// Does the real binary work end to end? `gatewise serve` in quick mode in front of the lab prints
// where it listens, answers every simple lab fault with the catalogue status and its cause in
// Proxy-Status; with --config it routes by Host to the port faults and applies per-pool timeouts;
// SIGTERM stops it with exit 0. The binary is spawned and stopped by PID.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { causeOf } from '../../src/causes/index.ts';
import { createLab, type FaultListing, type Lab } from '../../src/lab/index.ts';
import { rawRequest } from './support.ts';

const BIN = resolve(import.meta.dirname, '../../bin/gatewise.js');

let lab: Lab;
let dir: string;

before(async () => {
  lab = await createLab({});
  dir = mkdtempSync(join(tmpdir(), 'gatewise-serve-'));
});

after(async () => {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Served {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const port = await new Promise<number>((resolvePort, reject) => {
    // Generous: three processes load the TypeScript sources on a shared, busy machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print "listening on" within 30 s; stdout: ${out}; stderr: ${err}`));
    }, 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening; stderr: ${err}`));
    });
  });
  return {
    child,
    port,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

function simple(f: FaultListing): boolean {
  const t = f.trigger;
  return f.kind === 'path' && !t.primeOnSameConnection && !t.proxyTimeouts && !t.bodyBytes && !t.resolver && t.method === 'GET';
}

async function check(port: number, fault: FaultListing, host: string): Promise<void> {
  const u = new URL(fault.url);
  const t = fault.trigger;
  const body = t.bodyBytes ? Buffer.alloc(t.bodyBytes, 0x61) : Buffer.alloc(0);
  const head = `${t.method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${host}\r\n${body.length ? `Content-Length: ${body.length}\r\n` : ''}\r\n`;
  const ex = await rawRequest(port, Buffer.concat([Buffer.from(head, 'latin1'), body]), { timeoutMs: 8_000 });
  const cause = causeOf(fault.expectCause);
  const r = ex.responses[0];
  if (cause.outcome.kind === 'respond') {
    assert.equal(r?.status, cause.outcome.status, `${fault.id}: status (${ex.raw.toString('latin1').slice(0, 120)})`);
    assert.match(r.headers.get('proxy-status') ?? '', new RegExp(`details="${fault.expectCause}"`), fault.id);
  } else if (cause.outcome.kind === 'pass-through') {
    assert.ok(r !== undefined && r.status >= 500, `${fault.id}: the target's 5xx`);
    assert.match(r.headers.get('proxy-status') ?? '', /received-status=5\d\d/);
  } else {
    assert.equal(r, undefined, `${fault.id}: aborted`);
    assert.notEqual(ex.ended, 'open', `${fault.id}: connection ended`);
  }
}

test('quick mode: every simple path fault answers with its cause; SIGTERM exits 0', async () => {
  const served = await serve(['--listen', '127.0.0.1:0', '--upstream', lab.origin]);
  try {
    assert.match(served.stdout(), /^gatewise serve: listening on http:\/\/127\.0\.0\.1:\d+ \(main(, \d+ workers)?\)\n/);
    const faults = lab.faults.filter(simple);
    assert.ok(faults.length >= 15, `expected most path faults to be simple, got ${faults.length}`);
    for (const fault of faults) await check(served.port, fault, new URL(lab.origin).host);
    const healthy = await rawRequest(served.port, `GET /healthy HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal(healthy.responses[0]?.status, 200);
  } finally {
    assert.equal(await served.stop(), 0, `exit code; stderr: ${served.stderr()}`);
  }
});

test('--config: host routes to port faults, per-pool timeouts', async () => {
  const faults = lab.faults.filter((f) => !f.trigger.primeOnSameConnection && !f.trigger.resolver && !simple(f));
  const poolName = (f: FaultListing) => f.id.replace(/[^a-z0-9]/g, '_');
  const pools = faults
    .map((f) => {
      const u = new URL(f.url);
      const h = f.trigger.proxyTimeouts ?? {};
      return [
        `  ${poolName(f)}:`,
        `    targets: [{ url: "${u.protocol}//${u.host}" }]`,
        `    retries: { attempts: 1 }`,
        `    tls: { verify: ${f.trigger.verifyTls ? 'true' : 'false'} }`,
        `    timeouts: { connect: ${h.connectMs ?? 3000}, tls: ${h.tlsMs ?? 3000}, send: ${h.sendMs ?? 3000}, headers: ${h.headersMs ?? 3000}, body_idle: ${h.bodyMs ?? 3000} }`,
      ].join('\n');
    })
    .join('\n');
  const routes = faults.map((f) => `  - { host: ${f.id}.test, pool: ${poolName(f)} }`).join('\n');
  const file = join(dir, 'gatewise.yaml');
  writeFileSync(file, `listeners:\n  - { name: main, listen: "127.0.0.1:0" }\nroutes:\n${routes}\npools:\n${pools}\n`);
  const served = await serve(['--config', file, '--workers', '1']);
  try {
    for (const fault of faults) await check(served.port, fault, `${fault.id}.test`);
  } finally {
    assert.equal(await served.stop(), 0, `exit code; stderr: ${served.stderr()}`);
  }
});

test('bad usage exits 2 with a message', async () => {
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 2);
  assert.match(err, /--upstream/);
});
