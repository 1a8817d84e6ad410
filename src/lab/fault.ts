// The two kinds of fault. A path fault is a request handler on the main listener (`/fault/<id>`);
// a port fault owns a listener, for what must happen before any request is read (refuse, never
// accept, reset on accept, TLS). Each declares the cause a proxy in front of it must report.
import type { CauseId } from '../causes/index.ts';
import type { Channel } from './channel.ts';
import type { ConnectionTracker, LabConnection } from './connection.ts';
import type { EventLog } from './event-log.ts';
import type { RequestHead } from './request-head.ts';
import type { LabCertificates } from './tls/certificates.ts';
import type { Trigger } from './types.ts';

export interface LabSettings {
  /** Default idle_ms of the short keep-alive faults. */
  readonly idleMs: number;
}

export interface KnobSpec {
  readonly name: string;
  readonly default: number | ((settings: LabSettings) => number);
  /** Largest accepted value; a larger one is answered with 400. */
  readonly max: number;
  readonly doc: string;
}

/** After a handler: read the next request on this connection, or leave the connection to the handler. */
export type After = 'next' | 'hold';

export interface RequestContext {
  readonly head: RequestHead;
  readonly url: URL;
  /** 1 for the first request on this connection. */
  readonly index: number;
  readonly channel: Channel;
  readonly conn: LabConnection;
  /** Read and count the whole request body (sending 100 Continue first when expected); null if it never came. */
  readBody(): Promise<number | null>;
  /** The knob's value from the query string, else its default. */
  knob(name: string): number;
  /** Write a well-formed response; keeps the connection when the client wants it, else FIN. */
  reply(status: number, reason: string, body: string, headers?: readonly (readonly [string, string])[]): After;
  sleep(ms: number): Promise<boolean>;
  /** Close this connection (destroy, i.e. FIN) after it has been idle for `ms`, as Node's keepAliveTimeout does. */
  closeWhenIdle(ms: number): void;
}

interface FaultBase {
  readonly id: string;
  readonly expectCause: CauseId;
  readonly description: string;
  readonly trigger: Trigger;
}

export interface PathFault extends FaultBase {
  readonly kind: 'path';
  readonly knobs: readonly KnobSpec[];
  handle(ctx: RequestContext): Promise<After>;
}

export interface PortFaultEnv {
  readonly host: string;
  /** 0 for any free port. */
  readonly port: number;
  readonly log: EventLog;
  readonly tracker: ConnectionTracker;
  readonly certificates: LabCertificates;
  /** Serve the main listener's routes on a channel (e.g. after a TLS handshake). */
  serveHttp(channel: Channel): void;
}

export interface RunningPortFault {
  readonly port: number;
  close(): Promise<void>;
}

export interface PortFault extends FaultBase {
  readonly kind: 'port';
  readonly scheme: 'http' | 'https';
  /**
   * A DNS fault's own port is a resolver, not the url: the url names a host under
   * gatewise-lab.invalid on the main port, and the trigger says which resolver to use.
   */
  readonly dns?: { readonly hostname: string };
  start(env: PortFaultEnv): Promise<RunningPortFault>;
}

export type Fault = PathFault | PortFault;

export function definePathFault(spec: Omit<PathFault, 'kind' | 'knobs'> & { knobs?: readonly KnobSpec[] }): PathFault {
  return { kind: 'path', knobs: [], ...spec };
}

export function definePortFault(spec: Omit<PortFault, 'kind'>): PortFault {
  return { kind: 'port', ...spec };
}

export function defineKnob(spec: KnobSpec): KnobSpec {
  return spec;
}

export function knobDefault(knob: KnobSpec, settings: LabSettings): number {
  return typeof knob.default === 'function' ? knob.default(settings) : knob.default;
}
