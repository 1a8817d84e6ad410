// Path dispatch on the main listener: /fault/<id> runs a path fault, the rest are helper routes.
import type { PathFault } from './fault.ts';
import { echoRoute, healthyRoute, notFoundRoute, slowRoute } from './helpers.ts';
import type { Route } from './session.ts';

export function createRouter(faults: readonly PathFault[]): (pathname: string) => Route {
  const routes = new Map<string, Route>([
    ['/', healthyRoute],
    ['/healthy', healthyRoute],
    ['/echo', echoRoute],
    ['/slow', slowRoute],
  ]);
  for (const fault of faults) {
    routes.set(`/fault/${fault.id}`, { id: fault.id, fault: fault.id, knobs: fault.knobs, handle: (ctx) => fault.handle(ctx) });
  }
  return (pathname) => routes.get(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname) ?? notFoundRoute;
}
