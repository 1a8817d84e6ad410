// The demo's four targets, each failing in its own way with the lab's own faults, chosen per
// request on the target side (lab-target.ts). Every n-th pattern is deterministic so a run is
// repeatable and no target fails often enough in a row to be ejected by outlier detection (5).
import { headerNoColon } from '../../lab/faults/path/header-no-colon.ts';
import { headerNulInValue } from '../../lab/faults/path/header-nul-in-value.ts';
import { headerSpaceBeforeColon } from '../../lab/faults/path/header-space-before-colon.ts';
import { keepaliveRace } from '../../lab/faults/path/keepalive-race.ts';
import { resetAfterRequest } from '../../lab/faults/path/reset-after-request.ts';
import { shortKeepalive } from '../../lab/faults/path/short-keepalive.ts';
import type { RequestContext } from '../../lab/fault.ts';
import { healthyRoute } from '../../lab/helpers.ts';
import { responseBytes } from '../../lab/response.ts';
import type { DemoTargetSpec } from './lab-target.ts';

/** Node's default `server.keepAliveTimeout`: the most common target keep-alive. */
export const NODE_KEEPALIVE_MS = 5_000;
export const RACE_EVERY = 8;
export const CRASH_EVERY = 7;
export const BAD_HEADER_EVERY = 6;

const BAD_HEADERS = [headerNoColon, headerSpaceBeforeColon, headerNulInValue] as const;

/** 200 with `Connection: close`: a target that serves one request per connection. */
async function replyAndClose(ctx: RequestContext): Promise<'hold'> {
  if ((await ctx.readBody()) === null) return 'hold';
  const omitBody = ctx.head.method === 'HEAD';
  ctx.channel.write(responseBytes({ status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain; charset=utf-8']], body: 'ok\n', keepAlive: false, omitBody }));
  ctx.channel.fin();
  return 'hold';
}

const healthy: DemoTargetSpec = {
  name: 'healthy',
  behaviour: 'answers 200 to everything, keep-alive',
  idleMs: NODE_KEEPALIVE_MS,
  knobs: [],
  script: (ctx) => healthyRoute.handle(ctx),
};

function keepAliveTarget(): DemoTargetSpec {
  let reusedRequests = 0;
  return {
    name: 'keepalive-5s',
    behaviour: `closes idle connections after ${NODE_KEEPALIVE_MS / 1000} s (Node's default); every ${RACE_EVERY}th reused connection closes as the request arrives (the race)`,
    idleMs: NODE_KEEPALIVE_MS,
    knobs: shortKeepalive.knobs,
    script(ctx) {
      // At real timing the race needs a request to cross the target's FIN within microseconds on
      // loopback: rare, which is why it is intermittent in production. The lab's keepalive-race
      // fault makes it happen on cue so a short run shows what the gateway does with it.
      if (ctx.index > 1) {
        reusedRequests += 1;
        if (reusedRequests % RACE_EVERY === 0) return keepaliveRace.handle(ctx);
      }
      return shortKeepalive.handle(ctx);
    },
  };
}

const crashy: DemoTargetSpec = {
  name: 'crashy',
  behaviour: `one request per connection; every ${CRASH_EVERY}th request it reads, then dies (RST), as a crash or OOM kill does`,
  idleMs: NODE_KEEPALIVE_MS,
  knobs: [],
  // No keep-alive: a reset on a reused socket is indistinguishable from the keep-alive race at the
  // socket level, and the gateway rightly reports it as one; a fresh connection makes it a crash.
  script: (ctx, n) => (n % CRASH_EVERY === 0 ? resetAfterRequest.handle(ctx) : replyAndClose(ctx)),
};

function badHeaderTarget(): DemoTargetSpec {
  let bad = 0;
  return {
    name: 'bad-header',
    behaviour: `every ${BAD_HEADER_EVERY}th response has a malformed header line (no colon, space before colon, NUL)`,
    idleMs: NODE_KEEPALIVE_MS,
    knobs: [],
    script(ctx, n) {
      if (n % BAD_HEADER_EVERY !== 0) return healthyRoute.handle(ctx);
      const fault = BAD_HEADERS[bad++ % BAD_HEADERS.length]!;
      return fault.handle(ctx);
    },
  };
}

/** Fresh specs (the scripts keep counters): healthy, keepalive-5s, crashy, bad-header. */
export function demoTargets(): readonly DemoTargetSpec[] {
  return [healthy, keepAliveTarget(), crashy, badHeaderTarget()];
}
