// The header lines the gateway adds to each request for the target: Via (RFC 9110 §7.6.3),
// X-Forwarded-For/-Proto/-Host, Forwarded (RFC 7239) and X-Request-Id. A trusted peer's values are
// extended (XFF, Forwarded) or kept (proto, host, request id); anyone else's are replaced, so a
// client cannot forge its address to the target (NGINX realip, HAProxy `option forwardfor`).
// The client's own lines of these kinds are dropped by the serializer (`FORWARDING_DROP`) and
// written here once, merged. The per-connection part is cached: one concat per request.
import { HEADER_KIND, type RequestHead } from '../http1/types.ts';
import { kindMask } from '../http1/index.ts';
import { isValidRequestId, nextRequestId } from './request-id.ts';

export const FORWARDING_DROP = kindMask(
  HEADER_KIND.xForwardedFor,
  HEADER_KIND.xForwardedProto,
  HEADER_KIND.xForwardedHost,
  HEADER_KIND.forwarded,
  HEADER_KIND.xRequestId,
);

export const VIA_LINE = 'Via: 1.1 gatewise\r\n';

/** RFC 7239 §6: an IPv6 node is `"[v6]"`; a v4-mapped address is written as v4. */
function forwardedNode(address: string): string {
  const a = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  return a.includes(':') ? `"[${a}]"` : a;
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Every value of the lines of one kind, joined by ", " (RFC 9110 §5.3), or null when absent. */
function joined(head: RequestHead, kind: number): string | null {
  let out: string | null = null;
  for (let i = 0; i < head.count; i++) {
    if (head.kinds[i] !== kind) continue;
    const v = head.value(i);
    out = out === null ? v : `${out}, ${v}`;
  }
  return out;
}

function single(head: RequestHead, kind: number): string | null {
  for (let i = 0; i < head.count; i++) if (head.kinds[i] === kind) return head.value(i);
  return null;
}


/** Per client connection: the peer's address, whether it is trusted, and the scheme it used. */
export class Forwarding {
  readonly #peer: string;
  readonly #node: string;
  readonly #trusted: boolean;
  readonly #proto: string;
  #cacheHost = '\u0000';
  #cacheLines = '';
  /** Set by `lines()`: the lines to add (ending in CRLF) and the request's id. Fields, not a new object per request. */
  extra = '';
  requestId = '';

  constructor(peerAddress: string, trusted: boolean, proto: 'http' | 'https') {
    this.#peer = peerAddress.startsWith('::ffff:') && peerAddress.includes('.') ? peerAddress.slice(7) : peerAddress;
    this.#node = forwardedNode(peerAddress);
    this.#trusted = trusted;
    this.#proto = proto;
  }

  /** The exchange is over: hold nothing of its request while the connection idles. */
  release(): void {
    this.extra = '';
    this.requestId = '';
  }

  get trusted(): boolean {
    return this.#trusted;
  }

  lines(head: RequestHead): void {
    const host = head.host;
    if (!this.#trusted) {
      if (host !== this.#cacheHost) {
        this.#cacheHost = host;
        this.#cacheLines =
          VIA_LINE +
          `X-Forwarded-For: ${this.#peer}\r\nX-Forwarded-Proto: ${this.#proto}\r\n` +
          (host === '' ? '' : `X-Forwarded-Host: ${host}\r\n`) +
          `Forwarded: for=${this.#node};proto=${this.#proto}${host === '' ? '' : `;host=${quoted(host)}`}\r\n`;
      }
      const requestId = nextRequestId();
      this.requestId = requestId;
      this.extra = `${this.#cacheLines}X-Request-Id: ${requestId}\r\n`;
      return;
    }
    const xff = joined(head, HEADER_KIND.xForwardedFor);
    const fwd = joined(head, HEADER_KIND.forwarded);
    const proto = single(head, HEADER_KIND.xForwardedProto) ?? this.#proto;
    const fhost = single(head, HEADER_KIND.xForwardedHost) ?? host;
    const incomingId = single(head, HEADER_KIND.xRequestId);
    const requestId = incomingId !== null && isValidRequestId(incomingId) ? incomingId : nextRequestId();
    const ours = `for=${this.#node};proto=${this.#proto}${host === '' ? '' : `;host=${quoted(host)}`}`;
    this.requestId = requestId;
    this.extra =
      VIA_LINE +
      `X-Forwarded-For: ${xff === null ? this.#peer : `${xff}, ${this.#peer}`}\r\n` +
      `X-Forwarded-Proto: ${proto}\r\n` +
      (fhost === '' ? '' : `X-Forwarded-Host: ${fhost}\r\n`) +
      `Forwarded: ${fwd === null ? ours : `${fwd}, ${ours}`}\r\n` +
      `X-Request-Id: ${requestId}\r\n`;
  }
}
