// Words for a cause that every presentation shares (the generated doc, `gatewise causes`, reports):
// what the client gets, and each peer's view as labelled fields. Presentations decide the markup;
// this module decides the wording, so the doc and the terminal never say different things.
import type { Cause } from './cause.ts';

/** What the client gets: the status, or what happens instead of one. */
export function outcomeLabel(cause: Cause): string {
  switch (cause.outcome.kind) {
    case 'respond':
      return String(cause.outcome.status);
    case 'log-only':
      return `${cause.outcome.status} (log only)`;
    case 'abort':
      return 'abort';
    case 'pass-through':
      return 'pass-through';
  }
}

/** One sentence for the outcome, for detail views. */
export function outcomeSentence(cause: Cause): string {
  switch (cause.outcome.kind) {
    case 'respond':
      return `The gateway answers ${cause.outcome.status}.`;
    case 'log-only':
      return `Nothing can be sent; the exchange is logged with ${cause.outcome.status}.`;
    case 'abort':
      return 'The response head was already forwarded: the gateway aborts the client connection so the client sees an incomplete response.';
    case 'pass-through':
      return "The target's own response is passed on unchanged; the cause is logged so the target's errors are not counted as the gateway's.";
  }
}

export const PEER_NAMES = { alb: 'AWS ALB', nginx: 'NGINX', haproxy: 'HAProxy', envoy: 'Envoy' } as const;
export type PeerKey = keyof typeof PEER_NAMES;

/** A labelled value; `literal` values are exact texts (codes, log lines) shown as code. */
export interface PeerField {
  readonly label: string;
  readonly value: string;
  readonly literal: boolean;
}

export type PeerRow =
  | { readonly peer: PeerKey; readonly name: string; readonly seen: true; readonly fields: readonly PeerField[]; readonly note: string | null }
  | { readonly peer: PeerKey; readonly name: string; readonly seen: false; readonly why: string };

const literal = (label: string, value: string): PeerField => ({ label, value, literal: true });
/** A status is an exact code (`502`, `-`, `-1`) or, where the peer keeps another one, words saying which. */
const status = (label: string, value: string): PeerField => ({ label, value, literal: /^(?:\d{3}|-1?|--)$/.test(value) });

/** Each peer's view of the cause, in a fixed order (ALB, NGINX, HAProxy, Envoy). */
export function peerRows(cause: Cause): readonly PeerRow[] {
  const { alb, nginx, haproxy, envoy } = cause.peers;
  const rows: PeerRow[] = [];
  rows.push(
    alb.seen
      ? {
          peer: 'alb',
          name: PEER_NAMES.alb,
          seen: true,
          fields: [
            status('elb_status_code', alb.elbStatus),
            status('target_status_code', alb.targetStatus),
            ...(alb.processingTimes === undefined ? [] : [literal('processing times', alb.processingTimes)]),
            ...(alb.errorReason === undefined ? [] : [literal('error_reason', alb.errorReason)]),
            ...alb.metrics.map((m) => literal('metric', m)),
          ],
          note: alb.note ?? null,
        }
      : { peer: 'alb', name: PEER_NAMES.alb, seen: false, why: alb.why },
  );
  rows.push(
    nginx.seen
      ? {
          peer: 'nginx',
          name: PEER_NAMES.nginx,
          seen: true,
          fields: [
            status('status', nginx.status),
            nginx.errorLog === null ? { label: 'error log', value: 'no line', literal: false } : literal('error log', nginx.errorLog),
          ],
          note: nginx.note ?? null,
        }
      : { peer: 'nginx', name: PEER_NAMES.nginx, seen: false, why: nginx.why },
  );
  rows.push(
    haproxy.seen
      ? {
          peer: 'haproxy',
          name: PEER_NAMES.haproxy,
          seen: true,
          fields: [literal('termination state', haproxy.termination), status('status', haproxy.status)],
          note: haproxy.note ?? null,
        }
      : { peer: 'haproxy', name: PEER_NAMES.haproxy, seen: false, why: haproxy.why },
  );
  rows.push(
    envoy.seen
      ? {
          peer: 'envoy',
          name: PEER_NAMES.envoy,
          seen: true,
          fields: [
            literal('response flags', envoy.flags),
            ...(envoy.details === undefined ? [] : [literal('response code details', envoy.details)]),
          ],
          note: envoy.note ?? null,
        }
      : { peer: 'envoy', name: PEER_NAMES.envoy, seen: false, why: envoy.why },
  );
  return rows;
}
