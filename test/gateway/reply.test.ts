// Does the one reply writer give every gateway-made response the catalogue status, an RFC 9209
// Proxy-Status naming the cause, and a body in the format the client accepts — without internal
// details unless verbose errors are on?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCauses, causeOf } from '../../src/causes/index.ts';
import { negotiate, renderReply, type ReplyContext } from '../../src/gateway/reply.ts';

const ctx: ReplyContext = { requestId: 'req-1', accept: null, headOnly: false, close: false, verboseDetail: null };

function split(bytes: Buffer): { statusLine: string; headers: Map<string, string>; body: string } {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { statusLine, headers, body: text.slice(end + 4) };
}

// RFC 9209 §2 / RFC 8941: sf-item token `gatewise`, params `error` (token) and `details` (sf-string).
const PROXY_STATUS = /^gatewise(; error=[a-z_]+)?; details="[a-z0-9_]+"$/;

for (const cause of allCauses().filter((c) => c.outcome.kind === 'respond')) {
  test(`${cause.id}: status, Proxy-Status and a text body naming it`, () => {
    const { statusLine, headers, body } = split(renderReply(cause.id, ctx).bytes);
    assert.equal(cause.outcome.kind, 'respond');
    if (cause.outcome.kind !== 'respond') return;
    assert.match(statusLine, new RegExp(`^HTTP/1\\.1 ${cause.outcome.status} [A-Z]`));
    const ps = headers.get('proxy-status') ?? '';
    assert.match(ps, PROXY_STATUS);
    assert.ok(ps.includes(`details="${cause.id}"`));
    if (cause.proxyStatus !== null) assert.ok(ps.includes(`error=${cause.proxyStatus};`));
    assert.equal(Number(headers.get('content-length')), Buffer.byteLength(body));
    assert.ok(body.includes(cause.id) && body.includes('req-1') && body.includes(cause.title));
    assert.equal(headers.get('x-request-id'), 'req-1');
  });
}

test('Accept picks JSON, HTML or text by q-value', () => {
  assert.equal(negotiate(null), 'text');
  assert.equal(negotiate('*/*'), 'text');
  assert.equal(negotiate('application/json'), 'json');
  assert.equal(negotiate('application/problem+json'), 'json');
  assert.equal(negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'), 'html');
  assert.equal(negotiate('text/html;q=0.5, application/json;q=0.9'), 'json');
  assert.equal(negotiate('image/png'), 'text');
});

test('JSON body parses and names cause, title, request id and what to do', () => {
  const { headers, body } = split(renderReply('upstream_connect_refused', { ...ctx, accept: 'application/json' }).bytes);
  assert.equal(headers.get('content-type'), 'application/json');
  const json = JSON.parse(body);
  assert.equal(json.status, 502);
  assert.equal(json.cause, 'upstream_connect_refused');
  assert.equal(json.title, causeOf('upstream_connect_refused').title);
  assert.equal(json.requestId, 'req-1');
  assert.equal(typeof json.whatToDo, 'string');
  assert.equal(json.detail, undefined);
});

test('HTML body is a page naming the cause', () => {
  const { headers, body } = split(renderReply('upstream_headers_timeout', { ...ctx, accept: 'text/html' }).bytes);
  assert.match(headers.get('content-type') ?? '', /^text\/html/);
  assert.match(body, /<h1>504 Gateway Timeout<\/h1>/);
  assert.ok(body.includes('<code>upstream_headers_timeout</code>'));
});

test('internal details only with verbose errors', () => {
  const quiet = renderReply('upstream_connect_refused', ctx).bytes.toString();
  assert.ok(!quiet.includes('ECONNREFUSED'));
  const verbose = renderReply('upstream_connect_refused', { ...ctx, verboseDetail: 'ECONNREFUSED 127.0.0.1:9' }).bytes.toString();
  assert.ok(verbose.includes('ECONNREFUSED 127.0.0.1:9'));
});

test('HEAD gets the head only, with the body length; close is announced', () => {
  const r = renderReply('no_healthy_upstream', { ...ctx, headOnly: true, close: true });
  const { headers, body } = split(r.bytes);
  assert.equal(body, '');
  assert.ok(Number(headers.get('content-length')) > 0);
  assert.equal(headers.get('connection'), 'close');
  assert.equal(r.status, 503);
});
