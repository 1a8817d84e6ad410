// Dispatch on the main listener: /fault/<id> runs a path fault, the rest are helper routes. A
// request header `X-Lab-Fault: <id>` picks a path fault on any path (DESIGN §8: faults chosen by
// port, path or header), for proxies that rewrite paths.
import type { PathFault } from './fault.ts';
import { echoRoute, healthyRoute, notFoundRoute, slowRoute } from './helpers.ts';
import type { Route } from './session.ts';

export function createRouter(faults: readonly PathFault[]): (pathname: string, headerFault: string | undefined) => Route {
  const routes = new Map<string, Route>([
    ['/', healthyRoute],
    ['/healthy', healthyRoute],
    ['/echo', echoRoute],
    ['/slow', slowRoute],
  ]);
  for (const fault of faults) {
    routes.set(`/fault/${fault.id}`, { id: fault.id, fault: fault.id, knobs: fault.knobs, handle: (ctx) => fault.handle(ctx) });
  }
  return (pathname, headerFault) => {
    const byHeader = headerFault === undefined ? undefined : routes.get(`/fault/${headerFault.trim()}`);
    return byHeader ?? routes.get(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname) ?? notFoundRoute;
  };
}
