// What `gatewise serve` runs beside the gateway in one process: the control plane, the admin
// listener (unless a primary serves it for the workers), SIGHUP → reload (a bad config is rejected
// with its error and the running one keeps serving), the pid file `gatewise reload` reads, and —
// in a worker of `--workers N` — the IPC link to the primary (reports up, commands down).
import { unlinkSync, writeFileSync } from 'node:fs';
import type { GatewayConfig } from '../../config/model.ts';
import type { Gateway, GatewayOptions } from '../gateway.ts';
import type { RecordSink } from '../record.ts';
import type { AdminServer } from './admin-server.ts';
import { createControlPlane, type ControlPlane } from './control-plane.ts';
import type { ControlEvent } from './events.ts';
import { shareCheck, workerLink, type WorkerLink } from './worker-link.ts';

/**
 * The admin listener is built on node:http, which loads TLS, zlib and worker_threads with it
 * (≈ 17 MB of RSS measured on Node 24): loaded only when an admin listener is configured.
 */
export async function loadAdminServer(): Promise<typeof import('./admin-server.ts').startAdminServer> {
  return (await import('./admin-server.ts')).startAdminServer;
}

export interface ServeControlOptions {
  readonly config: GatewayConfig;
  /** Read the config again (the same file or flags). Throws the loader's error on a bad config. */
  readonly reload: () => Promise<GatewayConfig>;
  /** One line per event and per reload (serve writes them to stderr). */
  readonly log: (line: string) => void;
  /** The index of a worker of `--workers N` (no admin listener, no pid file; the primary drives it); null for a single process. */
  readonly worker: number | null;
  /** Runs the active health checks: a single process always; of N workers, the one the primary named. */
  readonly checker: boolean;
  readonly pidFile: string | null;
}

export interface ServeControl {
  readonly control: ControlPlane;
  /** Options to create the gateway with (the sink wraps the access log). */
  gatewayOptions(accessLog: RecordSink | null): Pick<GatewayOptions, 'sink' | 'onMalformedResponse'>;
  /** After `gateway.listen()`: start checks, the admin listener, SIGHUP. Returns the admin URL, if any. */
  start(gateway: Gateway): Promise<string | null>;
  /** Reload now (SIGHUP, `gatewise reload`, or the primary asking): null when done, else why the config was rejected. */
  reload(): Promise<string | null>;
  stop(): Promise<void>;
}

export function formatEvent(e: ControlEvent): string {
  const where = [e.pool ? `pool=${e.pool}` : '', e.target ? `target=${e.target}` : '', e.cause ? `cause=${e.cause}` : '', e.worker !== null ? `worker=${e.worker}` : ''].filter(Boolean).join(' ');
  return `gatewise serve: ${e.kind}${where ? ` ${where}` : ''}: ${e.detail}\n`;
}

export function createServeControl(options: ServeControlOptions): ServeControl {
  const control = createControlPlane({
    config: options.config,
    onEvent: (e) => options.log(formatEvent(e)),
    // A worker's checks are the gateway's: the primary relays each result to the other workers.
    health: { checker: options.checker, share: options.worker !== null ? shareCheck : null },
    worker: options.worker,
  });
  let admin: AdminServer | null = null;
  let link: WorkerLink | null = null;
  let reloading: Promise<string | null> | null = null;
  const onHup = () => {
    void self.reload();
  };
  const self: ServeControl = {
    control,
    gatewayOptions: (accessLog) => ({ sink: control.sink(accessLog), onMalformedResponse: control.malformed }),
    async start(gateway) {
      control.attach(gateway);
      // A worker reloads on its own SIGHUP too (a terminal hang-up reaches the whole process group;
      // the default action would kill it).
      process.on('SIGHUP', onHup);
      if (options.worker !== null) {
        link = workerLink(control, () => self.reload());
        return null;
      }
      if (options.pidFile !== null) writeFileSync(options.pidFile, `${process.pid}\n`);
      const a = options.config.admin;
      if (a === null) return null;
      admin = await (await loadAdminServer())({ host: a.host, port: a.port, token: a.token, view: control });
      return admin.url;
    },
    reload() {
      // One reload at a time; a second SIGHUP during one waits for it.
      reloading ??= (async () => {
        try {
          const next = await options.reload();
          control.reload(next);
          return null;
        } catch (error) {
          const why = `config rejected, still serving the previous one: ${(error as Error)?.message ?? String(error)}`;
          control.reloadRejected(why);
          return why;
        } finally {
          reloading = null;
        }
      })();
      return reloading;
    },
    async stop() {
      process.off('SIGHUP', onHup);
      link?.close();
      control.stop();
      if (admin !== null) await admin.close();
      if (options.pidFile !== null) {
        try {
          unlinkSync(options.pidFile);
        } catch {
          // already gone: nothing to clean
        }
      }
    },
  };
  return self;
}
