// Question: when one control plane runs the active checks and shares its results (as the checker
// worker of `--workers N` does), does a control plane that only receives them schedule no checks of
// its own, reach the same target states with the same events (even after missing a result), ignore
// results for targets it does not have, and start (and stop) checking when it is made the checker?
// And is each event said once: the gateway's by the checker alone, a worker's own with its index?
// Two real gateways with their control planes in this process; the shared results are handed over
// directly (the IPC hop is tested through the real binary in health-workers.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SharedCheck } from '../../src/gateway/control/active-health.ts';
import { createControlPlane, type ControlPlane } from '../../src/gateway/control/control-plane.ts';
import type { ControlEvent } from '../../src/gateway/control/events.ts';
import { formatEvent } from '../../src/gateway/control/runtime.ts';
import { createGateway, type Gateway } from '../../src/gateway/gateway.ts';
import { testConfig } from '../gateway/support.ts';
import { countedTarget } from './counted-target.ts';
import { poolWith, sleep, waitFor } from './support.ts';

interface Side {
  readonly control: ControlPlane;
  readonly gateway: Gateway;
  readonly events: ControlEvent[];
}

async function side(upstreams: string[], checker: boolean, share: ((c: SharedCheck) => void) | null): Promise<Side> {
  const config = testConfig({ upstreams, pool: { health: poolWith({ check: { intervalMs: 100, healthyThreshold: 2, unhealthyThreshold: 2 } }) } });
  const events: ControlEvent[] = [];
  const control = createControlPlane({ config, onEvent: (e) => events.push(e), health: { checker, share } });
  const gateway = createGateway(config, { sink: control.sink(null), onMalformedResponse: control.malformed });
  await gateway.listen();
  control.attach(gateway);
  return { control, gateway, events };
}

const stateOf = (s: Side, url: string) => s.control.pools()[0]?.targets.find((t) => t.url === url)?.state;
const checksCounted = (s: Side) => Object.values(s.control.snapshot().healthChecks).reduce((n, v) => n + v, 0);

test('a receiving control plane applies the checker\'s results and runs no checks of its own', async () => {
  const target = await countedTarget();
  const shared: SharedCheck[] = [];
  let follower: Side | null = null;
  let dropped = 0;
  const problems: string[] = [];
  const checker = await side([target.url], true, (c) => {
    shared.push(c);
    // The first failing result never arrives (as for a worker that added the target a moment late):
    // without taking the checker's counters the follower would turn unhealthy one check later.
    if (!c.result.ok && dropped === 0) {
      dropped += 1;
      return;
    }
    if (follower === null) return;
    if (!follower.control.applySharedCheck(c)) problems.push(`result ${shared.length} ignored`);
    const seen = follower.control.pools()[0]?.targets[0]?.state;
    if (seen !== c.state.check) problems.push(`result ${shared.length}: checker ${c.state.check}, follower ${seen}`);
  });
  follower = await side([target.url], false, null);
  try {
    await waitFor('five shared results', () => shared.length >= 5, 5_000);
    const inFlight = target.checks - checksCounted(checker);
    assert.ok(inFlight === 0 || inFlight === 1, `every check the target received (${target.checks}) was the checker's, counted once (${checksCounted(checker)})`);
    assert.equal(checksCounted(follower), 0, 'the follower counts no checks: it ran none');

    target.healthStatus = 503;
    await waitFor('the checker sees the target unhealthy', () => stateOf(checker, target.url) === 'unhealthy', 5_000);
    assert.equal(dropped, 1, 'one failing result was dropped');
    assert.deepEqual(problems, [], 'after each result the follower is in the checker\'s state');
    const unhealthy = (s: Side) => s.events.filter((e) => e.kind === 'unhealthy').map((e) => `${e.target} ${e.cause}`);
    assert.deepEqual(unhealthy(follower), unhealthy(checker), 'the same unhealthy event, with the same cause');
    assert.equal(follower.gateway.pools.get('default')!.targets[0]!.healthy, false, 'the follower routes no requests to it');

    target.healthStatus = 200;
    await waitFor('healthy again on both', () => stateOf(checker, target.url) === 'healthy' && stateOf(follower!, target.url) === 'healthy', 5_000);

    const someResult = shared[0]!;
    assert.equal(follower.control.applySharedCheck({ ...someResult, url: 'http://127.0.0.1:1' }), false, 'a target the follower does not have is ignored');
    assert.equal(follower.control.applySharedCheck({ ...someResult, pool: 'nope' }), false, 'a pool the follower does not have is ignored');

    // The checker goes away; the follower takes the role over and checks by itself.
    checker.control.stop();
    await sleep(150);
    const before = target.checks;
    follower.control.setChecker(true);
    await waitFor('the new checker checks', () => target.checks >= before + 3, 5_000);
    assert.ok(checksCounted(follower) >= 3, 'and counts its own checks');
    follower.control.setChecker(false);
    await sleep(250); // a check under way may still finish
    const after = target.checks;
    await sleep(400);
    assert.equal(target.checks, after, 'no checks once it is no longer the checker');
  } finally {
    checker.control.stop();
    follower.control.stop();
    await checker.gateway.close(0);
    await follower.gateway.close(0);
    await target.stop();
  }
});

test('with --workers N, the gateway\'s events are said by the checker alone and a worker\'s own carry its index', () => {
  const config = testConfig({ upstreams: ['http://127.0.0.1:9'] });
  const said = (worker: number | null, checker: boolean) => {
    const events: ControlEvent[] = [];
    const control = createControlPlane({ config, onEvent: (e) => events.push(e), health: { checker, share: null }, worker });
    control.event('unhealthy', 'app', 'http://127.0.0.1:9', 'upstream_connect_refused', '2 failed checks');
    control.event('ejected', 'app', 'http://127.0.0.1:9', 'upstream_connect_refused', '5 consecutive failures');
    control.reloadRejected('config rejected');
    assert.deepEqual(control.events(10).map((e) => `${e.kind}@${e.worker}`), events.map((e) => `${e.kind}@${e.worker}`).reverse(), 'the ring holds what was said');
    return { said: events.map((e) => `${e.kind}@${e.worker}`), reloads: control.snapshot().reloads, lines: events.map(formatEvent) };
  };
  const checker = said(0, true);
  assert.deepEqual(checker.said, ['unhealthy@null', 'ejected@0', 'reload_rejected@null']);
  assert.equal(checker.reloads.rejected, 1);
  assert.match(checker.lines[1]!, /^gatewise serve: ejected pool=app target=http:\/\/127\.0\.0\.1:9 cause=upstream_connect_refused worker=0: /);
  const follower = said(1, false);
  assert.deepEqual(follower.said, ['ejected@1'], 'a follower applies the gateway\'s changes silently');
  assert.equal(follower.reloads.rejected, 0, 'and does not count them again');
  const single = said(null, true);
  assert.deepEqual(single.said, ['unhealthy@null', 'ejected@null', 'reload_rejected@null']);
  assert.doesNotMatch(single.lines.join(''), /worker=/);
});
