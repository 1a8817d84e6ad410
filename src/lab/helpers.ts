// Helper routes of the main listener: not faults, but what tests need around them: a healthy
// target (`/`, `/healthy`), an echo of what arrived (`/echo`), a healthy but slow answer (`/slow`,
// for drain and overload tests) and 404 for anything else.
import { defineKnob } from './fault.ts';
import type { Route } from './session.ts';

const TEXT: readonly (readonly [string, string])[] = [['Content-Type', 'text/plain; charset=utf-8']];

export const healthyRoute: Route = {
  id: 'healthy',
  fault: null,
  knobs: [],
  async handle(ctx) {
    await ctx.readBody();
    return ctx.reply(200, 'OK', 'ok\n', TEXT);
  },
};

export const echoRoute: Route = {
  id: 'echo',
  fault: null,
  knobs: [],
  async handle(ctx) {
    const bodyBytes = await ctx.readBody();
    if (bodyBytes === null) return 'hold';
    const echo = { method: ctx.head.method, target: ctx.head.target, version: ctx.head.version, headers: ctx.head.headers, bodyBytes };
    return ctx.reply(200, 'OK', `${JSON.stringify(echo)}\n`, [['Content-Type', 'application/json']]);
  },
};

export const slowRoute: Route = {
  id: 'slow',
  fault: null,
  knobs: [defineKnob({ name: 'delay_ms', default: 1000, max: 600_000, doc: 'wait this long, then answer 200' })],
  async handle(ctx) {
    await ctx.readBody();
    if (!(await ctx.sleep(ctx.knob('delay_ms')))) return 'hold';
    return ctx.reply(200, 'OK', 'ok (slow)\n', TEXT);
  },
};

export const notFoundRoute: Route = {
  id: 'not-found',
  fault: null,
  knobs: [],
  async handle(ctx) {
    await ctx.readBody();
    return ctx.reply(404, 'Not Found', `no route ${ctx.url.pathname}: see /, /healthy, /echo, /slow, /fault/<id>\n`, TEXT);
  },
};

/** The helper routes by path, for the CLI's index. */
export const HELPER_PATHS: readonly (readonly [string, string])[] = [
  ['/ and /healthy', '200 ok'],
  ['/echo', '200 with a JSON echo of method, target, headers and body length'],
  ['/slow?delay_ms=N', 'a healthy but slow 200 after N ms (default 1000); not a fault'],
  ['/any/path with "X-Lab-Fault: <id>"', 'runs path fault <id> whatever the path'],
];
