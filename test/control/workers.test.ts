// Question: with `--workers 2`, do the admin API and /metrics give one view of both processes —
// requests summed, health state from the one set of checks, registrations applied to every worker —
// rather than whichever worker happened to answer?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminJson, get, sleep, startTarget, waitFor } from './support.ts';
import { startServe } from './serve-process.ts';

test('--workers 2: one view in /metrics and /api/pools; register reaches every worker', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-workers-'));
  const a = await startTarget();
  const sick = await startTarget();
  const extra = await startTarget();
  sick.healthStatus = 503;
  const file = join(dir, 'gatewise.yaml');
  writeFileSync(
    file,
    `listeners:\n  - name: main\n    listen: 127.0.0.1:0\nroutes:\n  - pool: app\npools:\n  app:\n    targets:\n      - url: ${a.url}\n      - url: ${sick.url}\n    health_check:\n      path: /healthz\n      interval: 500ms\n      timeout: 450ms\n      unhealthy_threshold: 2\nadmin:\n  listen: 127.0.0.1:0\n`,
  );
  const gw = await startServe(['--config', file, '--workers', '2']);
  t.after(() => gw.kill('SIGKILL'));
  const admin = { port: gw.adminPort! } as never;
  try {
    const metrics = () => fetch(`http://127.0.0.1:${gw.adminPort}/metrics`).then((r) => r.text());
    await waitFor('both workers report', async () => /gatewise_workers 2\n/.test(await metrics()), 20_000, 100);
    await waitFor('the sick target unhealthy in the merged view', async () => {
      const pools = await adminJson(admin, '/api/pools');
      return pools.json.pools[0]?.targets.find((t: { url: string; state: string }) => t.url === sick.url)?.state === 'unhealthy';
    }, 20_000, 100);
    const N = 40;
    for (let i = 0; i < N; i++) assert.equal((await get(gw.port, '/')).status, 200); // a new connection each: the kernel spreads them
    await waitFor(`gatewise_requests_total ${N} summed over both workers`, async () => new RegExp(`gatewise_requests_total ${N}\\n`).test(await metrics()), 20_000, 100);
    const text = await metrics();
    assert.match(text, /gatewise_targets\{pool="app",state="unhealthy"\} 1/);
    assert.match(text, /gatewise_targets\{pool="app",state="healthy"\} 1/);
    const reg = await adminJson(admin, '/api/pools/app/targets', 'POST', { url: extra.url });
    assert.equal(reg.status, 201, reg.body);
    // A registered target starts "initial" and takes requests once its checks pass (ALB).
    await waitFor('the registered target healthy in every worker', async () => {
      const view = await adminJson(admin, '/api/pools');
      const t = view.json.pools[0]?.targets.find((x: { url: string }) => x.url === extra.url);
      return t?.state === 'healthy' && t.routable === true;
    }, 20_000, 100);
    const before = extra.served;
    for (let i = 0; i < 20; i++) assert.equal((await get(gw.port, '/')).status, 200);
    assert.ok(extra.served - before >= 5, `the registered target serves (${extra.served - before} of 20)`);
    const pools = await adminJson(admin, '/api/pools');
    const urls = pools.json.pools[0].targets.map((t: { url: string }) => t.url).sort();
    assert.deepEqual(urls, [a.url, extra.url, sick.url].sort(), 'one list, not one per worker');
    const dereg = await adminJson(admin, '/api/pools/app/targets/deregister', 'POST', { url: extra.url });
    assert.equal(dereg.status, 200, dereg.body);
    const events = await adminJson(admin, '/api/events');
    assert.ok(events.json.events.some((e: { kind: string }) => e.kind === 'deregistered'));
    // Both workers marked the sick target unhealthy (one relayed check result): one event says so.
    const unhealthy = events.json.events.filter((e: { kind: string; target: string }) => e.kind === 'unhealthy' && e.target === sick.url);
    assert.equal(unhealthy.length, 1, `unhealthy said ${unhealthy.length} times: ${JSON.stringify(unhealthy)}`);
    // SIGHUP to the primary reloads every worker: a bad config is rejected by each, the old one serves.
    // The rejection is the gateway's: said and counted once (by the checker), not once per worker.
    writeFileSync(file, 'routes: [\n');
    gw.kill('SIGHUP');
    const rejections = async () => (await adminJson(admin, '/api/events?limit=200')).json.events.filter((e: { kind: string }) => e.kind === 'reload_rejected');
    await waitFor('the bad config rejected', async () => (await rejections()).length > 0, 20_000, 100);
    assert.equal((await get(gw.port, '/')).status, 200);
    await waitFor('gatewise_config_reloads_total rejected 1', async () => /gatewise_config_reloads_total\{result="rejected"\} 1\n/.test(await metrics()), 20_000, 100);
    await sleep(1_300); // one more report from every worker
    const said = await rejections();
    assert.equal(said.length, 1, `reload_rejected said ${said.length} times: ${JSON.stringify(said)}`);
    assert.equal(said[0].worker, null, "the gateway's event, not one worker's");
    assert.match(await metrics(), /gatewise_config_reloads_total\{result="rejected"\} 1\n/);
    assert.equal(gw.stderr().split('\n').filter((l) => l.startsWith('gatewise serve: reload_rejected')).length, 1, gw.stderr());
  } finally {
    gw.kill('SIGTERM');
    assert.equal(await gw.exitCode(), 0);
    await a.stop();
    await sick.stop();
    await extra.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
