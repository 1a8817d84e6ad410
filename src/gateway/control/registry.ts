// Targets that come and go at run time (issue 5 §2): register adds a target to a pool; deregister
// drains it like an ALB target group — no new requests at once, in-flight requests may finish until
// the pool's deregistration delay, then whatever is left is cut as `upstream_draining_expired`
// (502 where no response started, an abort where one did). Registrations and deregistrations are
// remembered, so a config reload does not undo them.
import { parseTargetUrl } from '../../config/addresses.ts';
import type { ControlPlane } from './control-plane.ts';
import { Target } from '../target.ts';
import type { ActionResult } from './views.ts';

interface Draining {
  readonly pool: string;
  readonly target: Target;
}

export interface Registry {
  register(pool: string, url: string, weight: number): ActionResult;
  deregister(pool: string, url: string): ActionResult;
  /** Re-apply registrations and deregistrations to the pools a reload just built. */
  afterReload(): void;
  /** Finish drains whose last request is done. */
  tick(now: number): void;
  /** Draining targets of a pool (no longer in its target list, still shown). */
  drainingOutside(pool: string): Target[];
}

const key = (pool: string, url: string) => `${pool}|${url}`;

/** The URL as the config stores it (`scheme://host:port`), or the problem with it. */
function normalizeUrl(url: string): { ok: true; url: string } | { ok: false; error: string } {
  const parsed = parseTargetUrl(url);
  return parsed.ok ? { ok: true, url: parsed.value.url } : { ok: false, error: `target url "${url}": ${parsed.problem}; ${parsed.fix}` };
}

export function createRegistry(control: ControlPlane): Registry {
  const dynamic = new Map<string, { pool: string; target: Target }>();
  const removed = new Set<string>();
  const draining = new Map<Target, Draining>();

  const finish = (d: Draining, kind: 'drained' | 'drain_expired', detail: string) => {
    draining.delete(d.target);
    control.forget(d.target);
    control.event(kind, d.pool, d.target.config.url, kind === 'drain_expired' ? 'upstream_draining_expired' : null, detail);
  };

  return {
    register(poolName, rawUrl, weight) {
      const pool = control.gateway.pools.get(poolName);
      if (pool === undefined) return { ok: false, status: 404, error: `no pool named "${poolName}"; pools: ${[...control.gateway.pools.keys()].join(', ')}` };
      if (!Number.isInteger(weight) || weight < 1 || weight > 1000) return { ok: false, status: 400, error: `weight ${weight}: use a whole number from 1 to 1000` };
      const parsed = normalizeUrl(rawUrl);
      if (!parsed.ok) return { ok: false, status: 400, error: parsed.error };
      const url = parsed.url;
      const target = new Target({ url, weight });
      if (pool.targets.some((t) => t.config.url === url)) return { ok: false, status: 409, error: `${url} is already a target of pool "${poolName}"` };
      if ([...draining.values()].some((d) => d.pool === poolName && d.target.config.url === url)) {
        return { ok: false, status: 409, error: `${url} is still draining from pool "${poolName}"; register it again once the drain ends` };
      }
      pool.targets = [...pool.targets, target];
      dynamic.set(key(poolName, url), { pool: poolName, target });
      removed.delete(key(poolName, url));
      control.adopt();
      const ctl = control.controlOf(target);
      control.event('registered', poolName, url, null, ctl?.check === 'initial' ? 'waiting for its first passing health checks' : 'receiving requests');
      return { ok: true, detail: `registered ${url} in pool "${poolName}"` };
    },

    deregister(poolName, rawUrl) {
      const pool = control.gateway.pools.get(poolName);
      if (pool === undefined) return { ok: false, status: 404, error: `no pool named "${poolName}"` };
      const parsed = normalizeUrl(rawUrl);
      if (!parsed.ok) return { ok: false, status: 400, error: parsed.error };
      const url = parsed.url;
      const target = pool.targets.find((t) => t.config.url === url);
      if (target === undefined) return { ok: false, status: 404, error: `${url} is not a target of pool "${poolName}"` };
      target.draining = true;
      pool.targets = pool.targets.filter((t) => t !== target);
      pool.dropIdle(target);
      dynamic.delete(key(poolName, url));
      removed.add(key(poolName, url));
      const delay = pool.config.deregistrationDelayMs;
      const d: Draining = { pool: poolName, target };
      draining.set(target, d);
      const ctl = control.controlOf(target);
      if (ctl !== undefined) {
        if (ctl.checkTimer !== null) clearTimeout(ctl.checkTimer);
        ctl.checkTimer = null;
        ctl.drainDeadline = Date.now() + delay;
        ctl.drainTimer = setTimeout(() => {
          if (!draining.has(target)) return;
          const left = target.outstanding;
          const cut = control.gateway.cutTarget(target);
          finish(d, 'drain_expired', `deregistration delay ${delay} ms over: ${cut} in-flight request(s) cut (${left} were left)`);
        }, delay);
        ctl.drainTimer.unref();
      }
      control.event('deregistered', poolName, url, null, `draining: no new requests; ${target.outstanding} in flight may finish within ${delay} ms`);
      if (target.outstanding === 0) finish(d, 'drained', 'no request in flight: removed at once');
      return { ok: true, detail: `draining ${url} from pool "${poolName}" (deregistration delay ${delay} ms)` };
    },

    afterReload() {
      for (const [name, pool] of control.gateway.pools) {
        let targets = pool.targets.filter((t) => !removed.has(key(name, t.config.url)));
        for (const d of dynamic.values()) {
          if (d.pool === name && !targets.some((t) => t.config.url === d.target.config.url)) targets = [...targets, d.target];
        }
        pool.targets = targets;
      }
    },

    tick() {
      for (const d of draining.values()) {
        if (d.target.outstanding === 0) finish(d, 'drained', 'the last in-flight request finished: removed');
      }
    },

    drainingOutside(pool) {
      return [...draining.values()].filter((d) => d.pool === pool).map((d) => d.target);
    },
  };
}
