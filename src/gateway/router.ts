// The route phase: the first route whose host (exact, case-insensitive, port ignored; null = any)
// and path prefix match names the pool (routes are tried in config order, like ALB listener rules
// by priority).
import type { RouteConfig } from '../config/model.ts';
import type { Pool } from './pool.ts';

interface CompiledRoute {
  readonly host: string | null;
  readonly prefix: string;
  readonly pool: Pool | null;
}

export class Router {
  #routes: CompiledRoute[];
  #single: Pool | null;

  constructor(routes: readonly RouteConfig[], pools: ReadonlyMap<string, Pool>) {
    this.#routes = routes.map((r) => ({ host: r.host === null ? null : r.host.toLowerCase(), prefix: r.pathPrefix, pool: pools.get(r.pool) ?? null }));
    // The quick-mode shape (one route, any host, prefix "/"): skip matching altogether.
    const only = this.#routes[0];
    this.#single = this.#routes.length === 1 && only !== undefined && only.host === null && only.prefix === '/' ? only.pool : null;
  }

  /** The pool for this request, or null (no_upstream_configured). */
  match(host: string, path: string): Pool | null {
    if (this.#single !== null) return this.#single;
    let bareHost: string | null = null;
    for (const route of this.#routes) {
      if (route.host !== null) {
        bareHost ??= stripPort(host).toLowerCase();
        if (bareHost !== route.host) continue;
      }
      if (path.startsWith(route.prefix)) return route.pool;
    }
    return null;
  }
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(1, end);
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}
