// A pool at run time: its config, its targets' runtime state, its balancer and retry budget, and
// the idle keep-alive connections per target. Idle connections are retired before the target
// would close them (DESIGN §4): after `keepAlive.idleMs`, and before the target's own
// `Keep-Alive: timeout=` hint minus `hintMarginMs`; a connection the target closes while idle
// leaves the pool at once (UpstreamConnection reports it through `forget`).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from '../config/model.ts';
import { createBalancer, type Balancer, type PickContext } from './balance/index.ts';
import { createRetryBudget, type RetryBudget } from './retry-budget.ts';
import { Target } from './target.ts';
import type { UpstreamConnection, UpstreamHome } from './upstream-connection.ts';

export class ERR_CONFIG_TLS_FILE extends Error {
  readonly code = 'ERR_CONFIG_TLS_FILE';
  constructor(pool: string, key: string, path: string, cause: unknown) {
    super(`pools.${pool}.tls.${key}: cannot read "${path}" (${(cause as Error).message}). Point it at a readable PEM file.`);
  }
}

function readPem(pool: string, key: string, path: string | null): Buffer | undefined {
  if (path === null) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ERR_CONFIG_TLS_FILE(pool, key, path, error);
  }
}

/** The target's name now resolves elsewhere: this connection goes to an old address (a redeploy). */
function stale(conn: UpstreamConnection): boolean {
  const resolved = conn.target.resolved;
  return resolved !== null && !resolved.includes(conn.socket.remoteAddress ?? '');
}

export class Pool implements UpstreamHome {
  config: PoolConfig;
  targets: Target[];
  balancer: Balancer;
  budget: RetryBudget;
  #tlsBase: ConnectionOptions;
  #idle = new Map<Target, UpstreamConnection[]>();
  /** Replaced by a reload: connections coming back are closed, not kept. */
  #closed = false;

  constructor(config: PoolConfig, previous?: Pool) {
    this.config = config;
    // Runtime state survives a reload for targets that keep their URL (Caddy hosts.go).
    const old = new Map((previous?.targets ?? []).map((t) => [t.config.url, t]));
    this.targets = config.targets.map((tc) => {
      const kept = old.get(tc.url);
      if (kept === undefined) return new Target(tc);
      kept.config = tc;
      return kept;
    });
    this.balancer = createBalancer(config.balance);
    this.budget = createRetryBudget(config.retries.budgetPercent);
    const tls = config.tls;
    this.#tlsBase = {
      rejectUnauthorized: tls.verify,
      ca: readPem(config.name, 'caFile', tls.caFile),
      cert: readPem(config.name, 'certFile', tls.certFile),
      key: readPem(config.name, 'keyFile', tls.keyFile),
      ALPNProtocols: ['http/1.1'],
    };
  }

  pick(ctx: PickContext): Target | null {
    const picked = this.balancer.pick(this.targets, ctx);
    if (picked !== null || ctx.ignoreSlowStart === true) return picked;
    // Every target declined its slow-start turn: slow start shapes shares, it never refuses a request.
    return this.targets.some((t) => t.admit < 1) ? this.balancer.pick(this.targets, { ...ctx, ignoreSlowStart: true }) : null;
  }

  /** Why `pick` found nothing: every live target is at its limit (overload) or none is live. */
  allFull(): boolean {
    const max = this.config.maxConnectionsPerTarget;
    return max > 0 && this.targets.some((t) => t.healthy && !t.draining) && this.targets.every((t) => !t.healthy || t.draining || t.outstanding >= max);
  }

  tlsOptionsFor(target: Target): ConnectionOptions {
    const name = this.config.tls.serverName ?? (isIP(target.address.host) === 0 ? target.address.host : undefined);
    return name === undefined ? this.#tlsBase : { ...this.#tlsBase, servername: name };
  }

  /** The most recently used idle connection still safe to use, or null. */
  takeIdle(target: Target, nowMs: number): UpstreamConnection | null {
    const list = this.#idle.get(target);
    if (list === undefined) return null;
    while (list.length > 0) {
      const conn = list.pop()!;
      conn.home = null;
      if (conn.state === 'ready' && nowMs < conn.retireAt) return conn;
      conn.destroy();
    }
    return null;
  }

  /** After a clean exchange: keep it for the next request, unless it is already due. */
  release(conn: UpstreamConnection, nowMs: number, hintSec: number): void {
    const ka = this.config.keepAlive;
    let retireAt = nowMs + ka.idleMs;
    if (hintSec >= 0) retireAt = Math.min(retireAt, nowMs + hintSec * 1000 - ka.hintMarginMs);
    let list = this.#idle.get(conn.target);
    if (list === undefined) this.#idle.set(conn.target, (list = []));
    if (retireAt <= nowMs || list.length >= ka.maxIdlePerTarget || conn.target.draining || this.#closed || stale(conn)) {
      conn.destroy();
      return;
    }
    conn.detach();
    conn.idleSince = nowMs;
    conn.retireAt = retireAt;
    conn.home = this;
    list.push(conn);
  }

  forget(conn: UpstreamConnection): void {
    const list = this.#idle.get(conn.target);
    if (list === undefined) return;
    const i = list.indexOf(conn);
    if (i >= 0) list.splice(i, 1);
  }

  /** Close idle connections that are due (called every second by the gateway). */
  sweep(nowMs: number): void {
    for (const list of this.#idle.values()) {
      for (let i = list.length - 1; i >= 0; i--) {
        const conn = list[i]!;
        if (nowMs >= conn.retireAt || conn.state !== 'ready') {
          list.splice(i, 1);
          conn.home = null;
          conn.destroy();
        }
      }
    }
  }

  idleCount(target: Target): number {
    return this.#idle.get(target)?.length ?? 0;
  }

  /** Close the idle connections of one target (it was deregistered, or its name now resolves elsewhere). */
  dropIdle(target: Target): void {
    const list = this.#idle.get(target);
    if (list === undefined) return;
    for (const conn of list.splice(0)) {
      conn.home = null;
      conn.destroy();
    }
  }

  close(): void {
    this.#closed = true;
    for (const list of this.#idle.values()) for (const conn of list.splice(0)) conn.destroy();
  }
}
