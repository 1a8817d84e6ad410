// Question: does the real `gatewise serve` change its config (SIGHUP, `gatewise reload`) and shut
// down (SIGTERM) without failing a single request under load — 20 concurrent keep-alive clients for
// a few seconds (bounded) — and does a bad config get rejected while the old one keeps serving, with
// the targets' health state kept? The counts are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminJson, get, startTarget, waitFor, type TestTarget } from './support.ts';
import { BIN, runLoad, startServe } from './serve-process.ts';

function configYaml(targets: readonly TestTarget[], extra = ''): string {
  return `listeners:
  - name: main
    listen: 127.0.0.1:0
routes:
  - pool: app
pools:
  app:
    targets:
${targets.map((t) => `      - url: ${t.url}`).join('\n')}
    health_check:
      path: /healthz
      interval: 1s
      timeout: 900ms
      unhealthy_threshold: 2
admin:
  listen: 127.0.0.1:0
workers: 1
shutdown_grace: 5s
${extra}`;
}

test('reload under load: zero failed requests; a bad config is rejected and the old one serves; health state survives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-reload-'));
  const a = await startTarget();
  const b = await startTarget();
  const sick = await startTarget();
  sick.healthStatus = 500;
  const file = join(dir, 'gatewise.yaml');
  const pid = join(dir, 'gatewise.pid');
  writeFileSync(file, configYaml([a, sick]));
  const gw = await startServe(['--config', file, '--pidfile', pid]);
  try {
    await gw.waitStderr(/unhealthy pool=app target=http:\/\/127\.0\.0\.1:\d+ cause=upstream_5xx/);
    const load = runLoad(gw.port, { clients: 20, durationMs: 6_000, maxRequests: 50_000, path: () => '/', stopOnClose: false });
    await new Promise((r) => setTimeout(r, 800));
    // 1. A good config with one more target, through `gatewise reload`.
    writeFileSync(file, configYaml([a, sick, b]));
    const reload = spawnSync(process.execPath, [BIN, 'reload', '--pidfile', pid, '--config', file], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(reload.status, 0, reload.stderr);
    await gw.waitStderr(/reloaded: .*3 configured targets/);
    const pools = await adminJson({ port: gw.adminPort! } as never, '/api/pools');
    const states = Object.fromEntries(pools.json.pools[0].targets.map((t: { url: string; state: string; lastCheckAt: number | null }) => [t.url, [t.state, t.lastCheckAt !== null]]));
    assert.deepEqual(states[sick.url], ['unhealthy', true], 'the unhealthy target stays unhealthy across the reload (state survives)');
    await waitFor('the new target serves', async () => (await get(gw.port, '/')).status === 200 && b.served > 0, 5_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(pools.json)}; stderr ${gw.stderr()}`);
    });
    // 2. A bad config by SIGHUP: rejected with the error, the running one keeps serving.
    writeFileSync(file, 'listeners: [\n');
    gw.kill('SIGHUP');
    await gw.waitStderr(/reload_rejected: config rejected, still serving the previous one: .*gatewise\.yaml/);
    const counts = await load;
    console.log(`# reload under load: ${counts.sent} requests sent, ${counts.failed} failed (20 keep-alive clients, 6 s, one good reload and one rejected)`);
    assert.equal(counts.failed, 0, counts.failures.slice(0, 5).join('; '));
    assert.ok(counts.sent > 200, `load ran (${counts.sent})`);
    const metrics = await fetch(`http://127.0.0.1:${gw.adminPort}/metrics`).then((r) => r.text());
    assert.match(metrics, /gatewise_config_reloads_total\{result="ok"\} 1/);
    assert.match(metrics, /gatewise_config_reloads_total\{result="rejected"\} 1/);
  } finally {
    gw.kill('SIGTERM');
    assert.equal(await gw.exitCode(), 0);
    await a.stop();
    await b.stop();
    await sick.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM under load: in-flight requests finish, idle clients get Connection: close, exit 0, zero failed requests', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-drain-'));
  const a = await startTarget();
  const file = join(dir, 'gatewise.yaml');
  writeFileSync(file, configYaml([a]));
  const gw = await startServe(['--config', file]);
  try {
    // Half the clients ask for slow answers, so requests are in flight when SIGTERM arrives.
    const load = runLoad(gw.port, { clients: 20, durationMs: 4_000, maxRequests: 50_000, path: (i) => (i % 2 === 0 ? '/?delay_ms=300' : '/'), stopOnClose: true });
    await new Promise((r) => setTimeout(r, 1_500));
    const pools = await adminJson({ port: gw.adminPort! } as never, '/api/pools');
    const inFlight = pools.json.pools[0].targets.reduce((n: number, t: { inFlight: number }) => n + t.inFlight, 0);
    const sigterm = Date.now();
    gw.kill('SIGTERM');
    const [counts, code] = await Promise.all([load, gw.exitCode()]);
    console.log(`# drain under load: ${counts.sent} requests sent, ${inFlight} in flight just before SIGTERM, ${counts.failed} failed, ${counts.closing} answered with Connection: close, ${counts.refusedAtConnect} new connections refused after the listener closed (nothing sent); exit ${code} after ${Date.now() - sigterm} ms`);
    assert.equal(code, 0);
    assert.equal(counts.failed, 0, counts.failures.slice(0, 5).join('; '));
    assert.ok(counts.closing > 0, 'the last responses said Connection: close');
  } finally {
    gw.kill('SIGKILL');
    await a.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
