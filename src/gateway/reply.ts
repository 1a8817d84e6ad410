// The one writer of gateway-made responses (DESIGN §4). Status from the catalogue; `Proxy-Status`
// per RFC 9209 §2 (`gatewise; error=<type>; details="<cause id>"`); a body in text, JSON or HTML
// chosen by `Accept`, naming the cause, its title, the request id and the first remedy. Internal
// addresses and errno go to the access log only, unless `verboseErrors` is on.
import { causeOf, type Cause, type CauseId } from '../causes/index.ts';

export interface ReplyContext {
  readonly requestId: string;
  /** The request's Accept header value, or null. */
  readonly accept: string | null;
  /** A HEAD request gets the head only (RFC 9110 §9.3.2). */
  readonly headOnly: boolean;
  /** Close the connection after this response. */
  readonly close: boolean;
  /** errno, target address etc.: shown only when verbose errors are configured (else null). */
  readonly verboseDetail: string | null;
}

export interface RenderedReply {
  readonly status: number;
  readonly bytes: Buffer;
  /** Length of the body part of `bytes` (0 for HEAD). */
  readonly bodyBytes: number;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The status a gateway-made reply for this cause carries. Abort-kind causes never reach a reply. */
export function replyStatus(cause: Cause): number {
  return cause.outcome.kind === 'respond' ? cause.outcome.status : cause.id === 'proxy_internal_error' ? 500 : 502;
}

/** RFC 9209 §2: an sf-item `gatewise` with `error` (a token from the §2.3 registry) and `details` (an sf-string). */
export function proxyStatusValue(cause: Cause): string {
  const error = cause.proxyStatus === null ? '' : `; error=${cause.proxyStatus}`;
  return `gatewise${error}; details="${cause.id}"`;
}

/** The value added to a target's own 5xx passed through (RFC 9209 §2.1.4 `received-status`). */
export function receivedStatusValue(status: number): string {
  return `gatewise; received-status=${status}`;
}

export type BodyKind = 'text' | 'json' | 'html';

/** Pick the body type from `Accept` by q-value (RFC 9110 §12.5.1); text when absent or undecided. */
export function negotiate(accept: string | null): BodyKind {
  if (accept === null || accept === '') return 'text';
  let best: BodyKind = 'text';
  let bestQ = -1;
  for (const part of accept.split(',')) {
    const [rangeRaw, ...params] = part.split(';');
    const range = (rangeRaw ?? '').trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if ((k ?? '').trim().toLowerCase() === 'q') q = Number((v ?? '').trim()) || 0;
    }
    let kind: BodyKind | null = null;
    if (range === 'application/json' || range.endsWith('+json')) kind = 'json';
    else if (range === 'text/html' || range === 'application/xhtml+xml') kind = 'html';
    else if (range === 'text/plain' || range === 'text/*' || range === '*/*') kind = 'text';
    if (kind !== null && q > bestQ) {
      best = kind;
      bestQ = q;
    }
  }
  return bestQ <= 0 ? 'text' : best;
}

const CONTENT_TYPES: Readonly<Record<BodyKind, string>> = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
};

function whatToDo(cause: Cause): string {
  const remedy = cause.remedies[0];
  if (remedy === undefined) return cause.explanation;
  return remedy.command ? `${remedy.action} (${remedy.command})` : remedy.action;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderBody(kind: BodyKind, cause: Cause, status: number, ctx: ReplyContext): string {
  const reason = REASONS[status] ?? 'Error';
  const todo = whatToDo(cause);
  switch (kind) {
    case 'json':
      return `${JSON.stringify({
        status,
        error: reason,
        cause: cause.id,
        title: cause.title,
        requestId: ctx.requestId,
        whatToDo: todo,
        ...(ctx.verboseDetail === null ? {} : { detail: ctx.verboseDetail }),
      })}\n`;
    case 'html':
      return (
        `<!doctype html><html><head><meta charset="utf-8"><title>${status} ${reason}</title></head><body>` +
        `<h1>${status} ${reason}</h1><p>${escapeHtml(cause.title)}.</p>` +
        `<dl><dt>cause</dt><dd><code>${cause.id}</code></dd><dt>request id</dt><dd><code>${escapeHtml(ctx.requestId)}</code></dd>` +
        `<dt>what to do</dt><dd>${escapeHtml(todo)}</dd>` +
        (ctx.verboseDetail === null ? '' : `<dt>detail</dt><dd><code>${escapeHtml(ctx.verboseDetail)}</code></dd>`) +
        `</dl><p>gatewise</p></body></html>\n`
      );
    case 'text':
      return (
        `${status} ${reason}: ${cause.title}.\n` +
        `cause: ${cause.id}\nrequest id: ${ctx.requestId}\nwhat to do: ${todo}\n` +
        (ctx.verboseDetail === null ? '' : `detail: ${ctx.verboseDetail}\n`)
      );
  }
}

/** The complete response bytes for a gateway-made error. */
export function renderReply(causeId: CauseId, ctx: ReplyContext): RenderedReply {
  const cause = causeOf(causeId);
  const status = replyStatus(cause);
  const kind = negotiate(ctx.accept);
  const body = Buffer.from(renderBody(kind, cause, status, ctx), 'utf8');
  const head =
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
    `Content-Type: ${CONTENT_TYPES[kind]}\r\n` +
    `Content-Length: ${body.length}\r\n` +
    `Proxy-Status: ${proxyStatusValue(cause)}\r\n` +
    `X-Request-Id: ${ctx.requestId}\r\n` +
    `Cache-Control: no-store\r\n` +
    `Connection: ${ctx.close ? 'close' : 'keep-alive'}\r\n\r\n`;
  const headBytes = Buffer.from(head, 'latin1');
  if (ctx.headOnly) return { status, bytes: headBytes, bodyBytes: 0 };
  return { status, bytes: Buffer.concat([headBytes, body]), bodyBytes: body.length };
}
