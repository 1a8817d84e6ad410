// The control plane of one gateway process: active and passive health, slow start, fail-open,
// targets registered and drained at run time, DNS re-resolution, config reloads, and the data the
// admin API shows (metrics, events, recent gateway-made errors, the flight recorder). It runs beside
// the data plane and talks to it through a few fields: `target.healthy`, `target.admit`,
// `target.draining`, `pool.targets`, and `gateway.cutTarget`.
import type { GatewayConfig } from '../../config/model.ts';
import type { Endpoint, ExchangeRecord } from '../../telemetry/exchange-record.ts';
import { createMetricsCollector } from '../../telemetry/metrics/collector.ts';
import { createRateHistory, type RatePoint } from '../../telemetry/metrics/history.ts';
import { renderMetrics, type TargetGauge } from '../../telemetry/metrics/render.ts';
import type { MetricsSnapshot } from '../../telemetry/metrics/snapshot.ts';
import { bump } from '../../telemetry/metrics/snapshot.ts';
import type { ParseError } from '../../http1/types.ts';
import type { Gateway } from '../gateway.ts';
import type { Pool } from '../pool.ts';
import type { RecordSink } from '../record.ts';
import type { Target } from '../target.ts';
import { GATEWAY_WIDE_EVENTS, type ControlEvent, type ControlEventKind } from './events.ts';
import { FlightRecorder, type FlightRecord } from './flight-recorder.ts';
import { gatewayErrorOf } from './gateway-error.ts';
import { createActiveHealth, type ActiveHealth, type ActiveHealthOptions, type SharedCheck } from './active-health.ts';
import { ejectionMs, maxEjected, noteAttempt } from './passive.ts';
import { createDnsRefresher, type DnsRefresher } from './dns-refresh.ts';
import { createRegistry, type Registry } from './registry.ts';
import { refreshRouting } from './routing.ts';
import { Ring } from './ring.ts';
import { TargetControl } from './target-control.ts';
import { poolView } from './target-view.ts';
import type { ActionResult, ControlView, GatewayErrorView, PoolView } from './views.ts';

const TICK_MS = 100;

export interface ControlPlaneOptions {
  readonly config: GatewayConfig;
  /** Every event, as it happens (serve prints them). */
  readonly onEvent?: (event: ControlEvent) => void;
  /** Who runs the active checks (`--workers N`: one worker); default: this process, sharing nothing. */
  readonly health?: ActiveHealthOptions;
  /** This process's index among the workers of `--workers N`; null (the default) for a single process. */
  readonly worker?: number | null;
}

export class ControlPlane implements ControlView {
  readonly collector = createMetricsCollector();
  readonly recorder: FlightRecorder;
  readonly startedAt = Date.now();
  #gateway: Gateway | null = null;
  #controls = new Map<Target, TargetControl>();
  #byEndpoint = new Map<Endpoint, TargetControl>();
  #events = new Ring<ControlEvent>(500);
  #errors = new Ring<GatewayErrorView>(200);
  #history = createRateHistory(300);
  #failingOpen = new Set<string>();
  #dns: DnsRefresher;
  #tick: NodeJS.Timeout | null = null;
  #lastSample = 0;
  #onEvent: (event: ControlEvent) => void;
  #worker: number | null;
  #health: ActiveHealth;
  readonly registry: Registry;

  constructor(options: ControlPlaneOptions) {
    this.recorder = new FlightRecorder(options.config.flightRecorder);
    this.#onEvent = options.onEvent ?? (() => {});
    this.#worker = options.worker ?? null;
    this.registry = createRegistry(this);
    this.#dns = createDnsRefresher({
      pools: () => this.#gateway?.pools ?? null,
      lookup: () => this.#gateway?.lookup,
      controlOf: (t) => this.#controls.get(t),
      event: (kind, pool, target, detail) => this.event(kind, pool, target, null, detail),
    });
    this.#health = createActiveHealth(options.health ?? { checker: true, share: null }, {
      poolOf: (c) => this.#poolOf(c),
      lookup: () => this.#gateway?.lookup,
      find: (pool, url) => {
        const target = this.#gateway?.pools.get(pool)?.targets.find((t) => t.config.url === url);
        return target === undefined ? undefined : this.#controls.get(target);
      },
      count: (key) => bump(this.collector.snapshot.healthChecks, key),
      event: (kind, pool, target, cause, detail) => this.event(kind, pool, target, cause, detail),
      refresh: (pool) => this.#refresh(pool),
    });
  }

  get gateway(): Gateway {
    if (this.#gateway === null) throw new Error('ERR_CONTROL_NOT_ATTACHED: ControlPlane.attach(gateway) must run before the control plane is used');
    return this.#gateway;
  }

  /** The sink to give the gateway: metrics, passive health and the error ring, then the access log. */
  sink(next: RecordSink | null): RecordSink {
    return {
      write: (record) => {
        this.observe(record);
        if (next !== null) next.write(record);
      },
    };
  }

  readonly malformed = (target: Target, pool: string, bytes: Buffer, error: ParseError, requestId: string): void => {
    if (this.recorder.record(pool, target.address.label, bytes, error, requestId) !== null) this.collector.snapshot.flightRecords += 1;
  };

  attach(gateway: Gateway): void {
    this.#gateway = gateway;
    this.#reconcile(false);
    this.#tick = setInterval(() => this.#onTick(), TICK_MS);
    this.#tick.unref();
  }

  stop(): void {
    if (this.#tick !== null) clearInterval(this.#tick);
    this.#tick = null;
    for (const ctl of this.#controls.values()) ctl.stopTimers();
    this.#dns.stop();
  }

  event(kind: ControlEventKind, pool: string | null, target: string | null, cause: ControlEvent['cause'], detail: string): void {
    const gatewayWide = GATEWAY_WIDE_EVENTS.has(kind);
    if (gatewayWide && !this.#speaksForGateway) return;
    const e: ControlEvent = { at: Date.now(), kind, pool, target, cause, detail, worker: gatewayWide ? null : this.#worker };
    this.#events.push(e);
    try {
      this.#onEvent(e);
    } catch {
      // a listener's bug must not stop the control plane
    }
  }

  /** A single process, or the checker of N workers: it alone says (and counts) what every worker does alike (events.ts). */
  get #speaksForGateway(): boolean {
    return this.#worker === null || this.#health.checker;
  }

  // ---- records (passive health, metrics, recent errors)

  observe(r: ExchangeRecord): void {
    this.collector.observe(r);
    const attempts = r.attempts;
    for (let i = 0; i < attempts.length; i++) {
      const a = attempts[i]!;
      const ctl = this.#byEndpoint.get(a.target);
      if (ctl === undefined) continue;
      const pool = this.#poolOf(ctl);
      if (pool === null) continue;
      const policy = pool.config.health.passive;
      if (noteAttempt(ctl, a.cause, policy)) this.#eject(ctl, pool);
    }
    const error = gatewayErrorOf(r);
    if (error !== null) this.#errors.push(error);
  }

  #eject(ctl: TargetControl, pool: Pool): void {
    const now = Date.now();
    if (ctl.ejected(now) || ctl.target.draining) return;
    const policy = pool.config.health.passive;
    this.#expire(pool, now);
    const ejectedNow = pool.targets.filter((t) => this.#controls.get(t)?.ejected(now)).length;
    if (ejectedNow + 1 > maxEjected(pool.targets.length, policy.maxEjectionPercent)) return;
    // The multiplier decays: a target that stayed in for max_ejection starts over (Envoy).
    if (ctl.lastReturnAt > 0 && now - ctl.lastReturnAt > policy.maxEjectionMs) ctl.ejections = 0;
    ctl.ejections += 1;
    const ms = ejectionMs(policy, ctl.ejections);
    ctl.ejectedUntil = now + ms;
    ctl.failures = 0;
    this.event('ejected', ctl.pool, ctl.target.config.url, ctl.lastCause, `${policy.consecutiveFailures} consecutive failures; out for ${ms} ms (ejection ${ctl.ejections})`);
    this.#refresh(pool);
  }

  // ---- targets: controls, checks, DNS

  #poolOf(ctl: TargetControl): Pool | null {
    return this.#gateway?.pools.get(ctl.pool) ?? null;
  }

  controlOf(target: Target): TargetControl | undefined {
    return this.#controls.get(target);
  }

  /** Make sure every target of every pool has its control, checks and DNS refresh; forget the rest. */
  #reconcile(dynamicNew: boolean): void {
    const gw = this.gateway;
    const live = new Set<Target>();
    for (const [name, pool] of gw.pools) {
      const active = pool.config.health.active;
      for (const target of pool.targets) {
        live.add(target);
        let ctl = this.#controls.get(target);
        if (ctl === undefined) {
          ctl = new TargetControl(target, name, dynamicNew, dynamicNew && active !== null ? 'initial' : 'healthy');
          this.#controls.set(target, ctl);
          this.#byEndpoint.set(target.endpoint, ctl);
        }
        ctl.pool = name;
        if (active === null) {
          if (ctl.checkTimer !== null) clearTimeout(ctl.checkTimer);
          ctl.checkTimer = null;
          ctl.check = 'healthy';
        } else if (ctl.checkTimer === null) {
          this.#health.start(ctl, Math.round(Math.random() * Math.min(active.intervalMs, 1000) * (active.jitterPercent / 100)));
        }
      }
      this.#dns.ensure(name);
      this.#refresh(pool);
    }
    for (const [target, ctl] of this.#controls) {
      if (live.has(target) || target.draining) continue;
      ctl.stopTimers();
      ctl.removed = true;
      this.#controls.delete(target);
      this.#byEndpoint.delete(target.endpoint);
    }
    this.#dns.prune();
  }

  /** A target was added at run time (registry). */
  adopt(): void {
    this.#reconcile(true);
  }

  forget(target: Target): void {
    const ctl = this.#controls.get(target);
    if (ctl === undefined) return;
    ctl.stopTimers();
    ctl.removed = true;
    this.#controls.delete(target);
    this.#byEndpoint.delete(target.endpoint);
  }

  get checker(): boolean {
    return this.#health.checker;
  }

  /** `--workers N`: this worker becomes the checker (the previous one died) and checks every target from now on. */
  setChecker(on: boolean): void {
    this.#health.setChecker(on);
    if (on && this.#gateway !== null) this.#reconcile(false);
  }

  /** A check result the checker worker shared (relayed by the primary); false when ignored. */
  applySharedCheck(shared: SharedCheck): boolean {
    return this.#gateway !== null && this.#health.applyShared(shared);
  }

  #refresh(pool: Pool): void {
    refreshRouting(pool, Date.now(), (t) => this.#controls.get(t), this.#failingOpen, (open, name) =>
      this.event(open ? 'fail_open' : 'fail_open_ended', name, null, null, open ? 'every target is unhealthy: routing to all of them (fail_open: true)' : 'a target is healthy again: routing to healthy targets only'),
    );
  }

  /** Ejections whose time is over end now (also before counting ejections, so events stay in order). */
  #expire(pool: Pool, now: number): void {
    for (const t of pool.targets) {
      const ctl = this.#controls.get(t);
      if (ctl !== undefined && ctl.ejectedUntil > 0 && ctl.ejectedUntil <= now) {
        ctl.ejectedUntil = 0;
        ctl.lastReturnAt = now;
        this.event('returned', ctl.pool, t.config.url, null, 'ejection time over: back in the pool');
      }
    }
  }

  #onTick(): void {
    const gw = this.#gateway;
    if (gw === null) return;
    const now = Date.now();
    for (const pool of gw.pools.values()) {
      this.#expire(pool, now);
      this.#refresh(pool);
    }
    this.registry.tick(now);
    if (now - this.#lastSample >= 1000) {
      this.#lastSample = now;
      this.#history.sample(this.snapshot(), now);
    }
  }

  // ---- views

  snapshot(): MetricsSnapshot {
    const s = this.collector.collect();
    const st = this.#gateway?.stats;
    if (st !== undefined) {
      s.connections.active = st.activeClientConnections;
      s.connections.accepted = st.acceptedClientConnections;
      s.connections.rejected = st.rejectedClientConnections;
      s.upstream.connects = st.upstreamConnects;
      s.upstream.reuses = st.upstreamReuses;
      s.internalErrors = st.internalErrors;
    }
    return s;
  }

  pools(): PoolView[] {
    const now = Date.now();
    const controlOf = (t: Target) => this.#controls.get(t);
    return [...this.gateway.pools].map(([name, pool]) => poolView(pool, [...pool.targets, ...this.registry.drainingOutside(name)], controlOf, this.#failingOpen.has(name), now));
  }

  targetGauges(): TargetGauge[] {
    return this.pools().flatMap((p) => p.targets.map((t) => ({ pool: p.name, target: t.target, state: t.state, routable: t.routable, inFlight: t.inFlight })));
  }

  events(limit: number): ControlEvent[] {
    return this.#events.newest(limit);
  }

  errors(limit: number): GatewayErrorView[] {
    return this.#errors.newest(limit);
  }

  recordings(limit: number): FlightRecord[] {
    return this.recorder.newest(limit);
  }

  history(): readonly RatePoint[] {
    return this.#history.points();
  }

  metricsText(): string {
    return renderMetrics(this.snapshot(), this.targetGauges(), { processStartSeconds: Math.floor(this.startedAt / 1000), workers: 1 });
  }

  register(pool: string, url: string, weight: number): Promise<ActionResult> {
    return Promise.resolve(this.registry.register(pool, url, weight));
  }

  deregister(pool: string, url: string): Promise<ActionResult> {
    return Promise.resolve(this.registry.deregister(pool, url));
  }

  /** Apply a new config (SIGHUP): the gateway swaps pools, the registry re-adds its targets. */
  reload(config: GatewayConfig): void {
    const before = this.gateway.config;
    // Sockets stay bound across a reload: say so when the new config wants others.
    const kept = [
      JSON.stringify(before.listeners) !== JSON.stringify(config.listeners) ? 'listeners' : '',
      JSON.stringify(before.admin) !== JSON.stringify(config.admin) ? 'admin' : '',
      before.workers !== config.workers ? 'workers' : '',
    ].filter(Boolean);
    this.gateway.reload(config);
    this.registry.afterReload();
    this.recorder.configure(config.flightRecorder);
    this.#reconcile(false);
    if (this.#speaksForGateway) this.collector.snapshot.reloads.ok += 1;
    this.event('reloaded', null, null, null, `${config.source}: ${config.pools.size} pools, ${[...config.pools.values()].reduce((n, p) => n + p.targets.length, 0)} configured targets${kept.length > 0 ? `; ${kept.join(', ')} unchanged until a restart` : ''}`);
  }

  reloadRejected(message: string): void {
    if (this.#speaksForGateway) this.collector.snapshot.reloads.rejected += 1;
    this.event('reload_rejected', null, null, null, message);
  }
}

export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  return new ControlPlane(options);
}
