// One demo target: a loopback listener served by the lab's own session loop (the same request
// reader, fault handlers and connection tracking as `gatewise lab`), with a per-target script that
// decides, request by request, which lab route answers. The lab's faults are selected per request
// by path or X-Lab-Fault header; a target that fails "now and then" needs the choice made on the
// target side, so this adapter gives each target its own route picker instead of a proxy in
// front of the lab that would rewrite requests (and add its own connection behaviour).
import { createServer, type Server } from 'node:net';
import { plainChannel } from '../../lab/channel.ts';
import { createConnectionTracker } from '../../lab/connection.ts';
import { createEventLog } from '../../lab/event-log.ts';
import type { KnobSpec, LabSettings, RequestContext } from '../../lab/fault.ts';
import { startSession, type Route } from '../../lab/session.ts';

/** Decides, for each parsed request, how this target answers it. */
export type TargetScript = (ctx: RequestContext, n: number) => Promise<'next' | 'hold'>;

export interface DemoTargetSpec {
  readonly name: string;
  /** One line for the terminal: how this target misbehaves. */
  readonly behaviour: string;
  /** Idle keep-alive timeout of the short keep-alive faults this target uses. */
  readonly idleMs: number;
  /** Knobs of the lab faults the script runs (their defaults apply: the demo's requests set none). */
  readonly knobs: readonly KnobSpec[];
  readonly script: TargetScript;
}

export interface RunningTarget {
  readonly name: string;
  readonly behaviour: string;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startDemoTarget(spec: DemoTargetSpec, host = '127.0.0.1'): Promise<RunningTarget> {
  const settings: LabSettings = { idleMs: spec.idleMs };
  // The demo does not read the event ring; a small one keeps memory flat over a long run.
  const log = createEventLog(256);
  const tracker = createConnectionTracker(log);
  let requests = 0;
  const route: Route = {
    id: spec.name,
    fault: null,
    knobs: spec.knobs,
    handle: (ctx) => {
      requests += 1;
      return spec.script(ctx, requests);
    },
  };
  const env = { listener: spec.name, log, settings, route: () => route, countExecution: () => {} };
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => startSession(plainChannel(tracker.track(socket, spec.name)), env));
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  let closing: Promise<void> | null = null;
  return {
    name: spec.name,
    behaviour: spec.behaviour,
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        tracker.destroyAll();
      });
      return closing;
    },
  };
}
