// Question: with `gatewise serve --workers 2`, are active health checks run once per gateway (one
// checker, its results applied by every worker), not once per worker? Measured on a real target
// that counts the checks it receives, through the real binary: one check per interval reaches the
// target, both workers agree when it fails, /metrics counts each check once, a target registered at
// run time is checked once too, and when the checking worker dies another one takes the checks over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminJson, get, sleep, startTarget, waitFor } from './support.ts';
import { countedTarget, type Counted } from './counted-target.ts';
import { startServe } from './serve-process.ts';

const INTERVAL_MS = 200;
const WINDOW_MS = 3_000;
const EXPECTED = WINDOW_MS / INTERVAL_MS;

/** Checks received during WINDOW_MS, asserted to be about one per interval (jitter allowed), not one per worker. */
async function checksInWindow(target: Counted, what: string): Promise<number> {
  const before = target.checks;
  await sleep(WINDOW_MS);
  const n = target.checks - before;
  assert.ok(n >= EXPECTED * 0.5 && n <= EXPECTED * 1.5, `${what}: ${n} checks in ${WINDOW_MS} ms at a ${INTERVAL_MS} ms interval; expected about ${EXPECTED} (one checker), two workers checking would send about ${EXPECTED * 2}`);
  return n;
}

/** The sum of gatewise_health_checks_total over the samples of one target. */
function checksCounted(metrics: string, target: Counted): number {
  const hostPort = target.url.slice('http://'.length);
  let sum = 0;
  for (const line of metrics.split('\n')) if (line.startsWith('gatewise_health_checks_total{') && line.includes(`"${hostPort}"`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

/** The worker forked as the checker: a child of the primary whose environment says index 0. */
function checkerPid(primary: number): number {
  for (const task of readdirSync(`/proc/${primary}/task`)) {
    for (const pid of readFileSync(`/proc/${primary}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)) {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes('GATEWISE_WORKER_INDEX=0')) return pid;
    }
  }
  throw new Error(`no child of the primary ${primary} has GATEWISE_WORKER_INDEX=0 in /proc/PID/environ`);
}

test('--workers 2: one set of active checks, applied by every worker, counted once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-health-workers-'));
  const good = await startTarget();
  const watched = await countedTarget();
  const late = await countedTarget();
  const file = join(dir, 'gatewise.yaml');
  writeFileSync(
    file,
    `listeners:\n  - name: main\n    listen: 127.0.0.1:0\nroutes:\n  - pool: app\npools:\n  app:\n    targets:\n      - url: ${good.url}\n      - url: ${watched.url}\n    health_check:\n      path: /healthz\n      interval: ${INTERVAL_MS}ms\n      jitter_percent: 10\n      timeout: 150ms\n      healthy_threshold: 2\n      unhealthy_threshold: 2\nadmin:\n  listen: 127.0.0.1:0\n`,
  );
  const gw = await startServe(['--config', file, '--workers', '2']);
  t.after(() => gw.kill('SIGKILL'));
  const admin = { port: gw.adminPort! } as never;
  const metrics = () => fetch(`http://127.0.0.1:${gw.adminPort}/metrics`).then((r) => r.text());
  const watchedView = async () => (await adminJson(admin, '/api/pools')).json.pools[0]?.targets.find((x: { url: string }) => x.url === watched.url);
  try {
    await waitFor('both workers report', async () => /gatewise_workers 2\n/.test(await metrics()), 20_000, 100);

    // (1) and (3): the target receives one check per interval, and /metrics counts each once.
    const m0 = checksCounted(await metrics(), watched);
    const c0 = watched.checks;
    const n = await checksInWindow(watched, 'the configured target');
    // Reports reach the primary once a second: give the counter that long to catch up.
    await sleep(1_300);
    const counted = checksCounted(await metrics(), watched) - m0;
    const received = watched.checks - c0;
    // Each end of the difference may lag by up to one report (1 s of checks): allow that much, far
    // less than the count of a second worker counting the relayed results too.
    const slack = 1_000 / INTERVAL_MS + 2;
    assert.ok(Math.abs(counted - received) <= slack && counted >= n * 0.5, `gatewise_health_checks_total grew by ${counted} while the target received ${received} checks (${n} in the window): one count per check, not one per worker`);

    // (2) The target fails its checks: both workers agree it is unhealthy and stop sending it requests.
    watched.healthStatus = 503;
    await waitFor('the failing target unhealthy in the merged view', async () => (await watchedView())?.state === 'unhealthy', 10_000, 50);
    // Within one report round every worker's report says so; then they keep agreeing.
    await waitFor('every worker reporting the same state', async () => (await watchedView())?.workers === undefined, 3_000, 50);
    for (let i = 0; i < 8; i++) {
      const v = await watchedView();
      assert.equal(v?.state, 'unhealthy', 'the target stays unhealthy');
      assert.equal(v?.workers, undefined, `the workers disagree: ${JSON.stringify(v?.workers)}`);
      await sleep(150);
    }
    // Both workers changed the target's state; the gateway says so once (stderr, merged /api/events).
    const told = gw.stderr().split('\n').filter((l) => l.startsWith('gatewise serve: unhealthy ') && l.includes(`target=${watched.url}`));
    assert.equal(told.length, 1, `the unhealthy event printed ${told.length} times`);
    const listed = (await adminJson(admin, '/api/events?limit=200')).json.events.filter((e: { kind: string; target: string }) => e.kind === 'unhealthy' && e.target === watched.url);
    assert.equal(listed.length, 1, `the unhealthy event listed ${listed.length} times`);
    const served = watched.served;
    for (let i = 0; i < 20; i++) assert.equal((await get(gw.port, '/')).status, 200); // a new connection each: both workers serve
    assert.equal(watched.served, served, 'no request reached the unhealthy target');

    // A target registered at run time is checked by the checker alone.
    const reg = await adminJson(admin, '/api/pools/app/targets', 'POST', { url: late.url });
    assert.equal(reg.status, 201, reg.body);
    await waitFor('the registered target healthy in every worker', async () => {
      const v = (await adminJson(admin, '/api/pools')).json.pools[0]?.targets.find((x: { url: string }) => x.url === late.url);
      return v?.state === 'healthy' && v.workers === undefined && v.routable === true;
    }, 10_000, 50);
    await checksInWindow(late, 'the registered target');

    // The checker dies (SIGKILL, no goodbye): the other worker takes the checks over, still one set.
    const pid = checkerPid(gw.child.pid!);
    process.kill(pid, 'SIGKILL');
    await gw.waitStderr(/ran the health checks, exited; worker 1 \(pid \d+\) runs them now/, 10_000);
    await waitFor('one worker reporting', async () => /gatewise_workers 1\n/.test(await metrics()), 10_000, 100);
    await checksInWindow(late, 'after the hand-over');
    watched.healthStatus = 200;
    await waitFor('the target healthy again, checked by the new checker', async () => (await watchedView())?.state === 'healthy', 10_000, 50);
  } catch (error) {
    (error as Error).message += `\ngatewise serve stderr:\n${gw.stderr()}`;
    throw error;
  } finally {
    gw.kill('SIGTERM');
    await gw.exitCode(); // 1 after a worker died on its own; what matters is that it stops
    await good.stop();
    await watched.stop();
    await late.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
