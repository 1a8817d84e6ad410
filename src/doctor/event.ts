// The one normalised shape every format parser produces (DESIGN §6). Rules read only this, so a
// rule written for ALB fields also works for any format that fills the same fields.
import type { CauseId } from '../causes/index.ts';

export const FORMAT_IDS = ['alb', 'clb', 'nginx', 'nginx-error', 'haproxy', 'envoy', 'gatewise-json'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export function isFormatId(value: string): value is FormatId {
  return (FORMAT_IDS as readonly string[]).includes(value);
}

export interface LogEvent {
  readonly format: FormatId;
  readonly file: string;
  readonly line: number;
  /** Epoch milliseconds; NaN when the line has no usable time. */
  readonly timeMs: number;
  readonly requestId: string | null;
  readonly client: string | null;
  /** The last target tried ("ip:port"), null when none was chosen. */
  readonly target: string | null;
  /** Every target tried, in order (ALB target:port_list, NGINX $upstream_addr). */
  readonly targets: readonly string[];
  /** The status the client got; 0 when it got none (ALB "000", Envoy 0). */
  readonly status: number;
  /** The status of the last target answer; null when no target answered ("-"). */
  readonly targetStatus: number | null;
  /** One entry per attempt; null where that attempt got no answer. */
  readonly targetStatuses: readonly (number | null)[];
  readonly request: string | null;
  /** Request method (from the request line), or null. */
  readonly method: string | null;
  /** Bytes sent to the client (body or whole response, as the peer logs it); null when not logged. */
  readonly bytesSent: number | null;
  /** Seconds; null when not logged, -1 where the peer logs -1 (phase never happened). */
  readonly times: {
    readonly request: number | null;
    readonly connect: number | null;
    readonly header: number | null;
    readonly response: number | null;
    readonly total: number | null;
  };
  /** ALB error_reason (or our cause id in our ALB encoding). */
  readonly errorReason: string | null;
  readonly classification: string | null;
  /** HAProxy termination state (4 chars) or null. */
  readonly termination: string | null;
  /** Envoy response flags ("UF,URX") or null. */
  readonly flags: string | null;
  /** The joined NGINX error-log message, when one matched. */
  readonly errorLog: string | null;
  /** An error log was given and searched for this line (NGINX): no match means the proxy reported no error. */
  readonly errorLogChecked: boolean;
  /** Our gateway's own verdict, when the log is ours. */
  readonly cause: CauseId | null;
  readonly phase: string | null;
  readonly attempts: number | null;
  readonly reused: boolean | null;
  /** HAProxy server name or Envoy upstream cluster when no address is logged. */
  readonly server: string | null;
  readonly noServer: boolean;
}

export function emptyEvent(format: FormatId, file: string, line: number): Mutable<LogEvent> {
  return {
    format,
    file,
    line,
    timeMs: Number.NaN,
    requestId: null,
    client: null,
    target: null,
    targets: [],
    status: 0,
    targetStatus: null,
    targetStatuses: [],
    request: null,
    method: null,
    bytesSent: null,
    times: { request: null, connect: null, header: null, response: null, total: null },
    errorReason: null,
    classification: null,
    termination: null,
    flags: null,
    errorLog: null,
    errorLogChecked: false,
    cause: null,
    phase: null,
    attempts: null,
    reused: null,
    server: null,
    noServer: false,
  };
}

/** The method of a request line "GET /x HTTP/1.1". */
export function methodOf(request: string | null): string | null {
  if (request === null) return null;
  const sp = request.indexOf(' ');
  return sp > 0 ? request.slice(0, sp) : null;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
