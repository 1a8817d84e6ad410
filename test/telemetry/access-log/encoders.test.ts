// Are the access-log lines byte-exact ALB lines (field order, quoting, -1 and "-" where ALB writes
// them, retries in the lists, our fields appended), and does the JSON line carry the same facts typed?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALB_FIELDS, encodeAlbLine, encodeJsonLine } from '../../../src/telemetry/access-log/index.ts';
import { CLEAN_200, CLIENT_ABORT, HOSTILE_400, REFUSED_502, RETRIED_200 } from './records.ts';

const T_END = '2026-11-21T17:00:00.128000Z';
const T_START = '2026-11-21T17:00:00.123000Z';

test('alb: a clean 200', () => {
  assert.equal(
    encodeAlbLine(CLEAN_200),
    `http ${T_END} main 192.0.2.10:51234 10.0.0.1:9000 0.000 0.003 0.000 200 200 120 532 ` +
      '"GET http://api.example.com:80/api/users?id=7 HTTP/1.1" "curl/8.5.0" - - api "Root=k3x9a0b1c2-1f" "-" "-" ' +
      `0 ${T_START} "forward" "-" "-" "10.0.0.1:9000" "200" "-" "-" - "-" "-" "-" ` +
      '- - 1 1 - k3x9a0b1c2-1f\n',
  );
});

test('alb: a gateway-made 502 with no target answer: target_status "-", times -1, cause in error_reason', () => {
  assert.equal(
    encodeAlbLine(REFUSED_502),
    `http ${T_END} main 192.0.2.10:51234 10.0.0.2:9000 -1 -1 -1 502 - 80 310 ` +
      '"GET http://api.example.com:80/ HTTP/1.1" "curl/8.5.0" - - api "Root=k3x9a0b1c2-1f" "-" "-" ' +
      `0 ${T_START} "forward" "-" "upstream_connect_refused" "10.0.0.2:9000" "-" "-" "-" - "-" "-" "-" ` +
      'upstream_connect_refused connect 1 0 - k3x9a0b1c2-1f\n',
  );
});

test('alb: a retried request lists every target and status, and names the recovered race', () => {
  assert.equal(
    encodeAlbLine(RETRIED_200),
    `http ${T_END} main 192.0.2.10:51234 10.0.0.3:9000 0.000 0.003 0.000 200 200 120 532 ` +
      '"GET http://api.example.com:80/api/users?id=7 HTTP/1.1" "curl/8.5.0" - - api "Root=k3x9a0b1c2-1f" "-" "-" ' +
      `0 ${T_START} "forward" "-" "-" "10.0.0.1:9000 10.0.0.3:9000" "- 200" "-" "-" - "-" "-" "-" ` +
      '- - 2 0 upstream_keepalive_race k3x9a0b1c2-1f\n',
  );
});

test('alb: a client abort is ALB\'s 460 with the cause', () => {
  assert.equal(
    encodeAlbLine(CLIENT_ABORT),
    `http 2026-11-21T17:00:01.623000Z main 192.0.2.10:51234 10.0.0.1:9000 0.000 -1 -1 460 - 4096 0 ` +
      '"POST http://api.example.com:80/upload HTTP/1.1" "curl/8.5.0" - - api "Root=k3x9a0b1c2-1f" "-" "-" ' +
      `0 ${T_START} "forward" "-" "client_aborted" "10.0.0.1:9000" "-" "-" "-" - "-" "-" "-" ` +
      'client_aborted headers 1 0 - k3x9a0b1c2-1f\n',
  );
});

test('alb: quotes, newlines and non-ASCII are escaped; no route means "-" actions; an ALB trace id is kept', () => {
  const line = encodeAlbLine(HOSTILE_400);
  assert.equal(
    line,
    `https ${T_END} main 192.0.2.10:51234 - 0.000 -1 -1 400 - 120 532 ` +
      '"GET https://-:443/a\\x22b HTTP/1.1" "evil\\x22 \\x22agent\\x0A\\xE9" TLS_AES_128_GCM_SHA256 TLSv1.3 - ' +
      '"Root=1-67890abc-0123456789abcdef01234567" "-" "-" ' +
      `- ${T_START} "-" "-" "client_request_invalid" "-" "-" "-" "-" - "-" "-" "-" ` +
      'client_request_invalid accept 0 - - Root=1-67890abc-0123456789abcdef01234567\n',
  );
  assert.equal(line.split('\n').length, 2, 'one line, whatever the client sent');
});

test('alb: the field count matches ALB_FIELDS for every example (quote-aware split)', () => {
  for (const record of [CLEAN_200, REFUSED_502, RETRIED_200, CLIENT_ABORT, HOSTILE_400]) {
    const fields = encodeAlbLine(record).trimEnd().match(/"[^"]*"|\S+/g) ?? [];
    assert.equal(fields.length, ALB_FIELDS.length, encodeAlbLine(record));
  }
  // Athena's documented ALB regex (its first 16 groups) must match our lines.
  const athena = /^([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[0-9]*) (-|[0-9]*) ([-0-9]*) ([-0-9]*) "([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" /;
  for (const record of [CLEAN_200, REFUSED_502, RETRIED_200, CLIENT_ABORT]) assert.match(encodeAlbLine(record), athena);
});

test('json: one object per line with the ALB names, typed (times in seconds to the µs), plus ours', () => {
  const line = encodeJsonLine(RETRIED_200);
  assert.ok(line.endsWith('}\n') && !line.slice(0, -1).includes('\n'));
  assert.deepEqual(JSON.parse(line), {
    type: 'http',
    time: T_END,
    elb: 'main',
    client_ip: '192.0.2.10',
    client_port: 51234,
    target_ip: '10.0.0.3',
    target_port: 9000,
    request_processing_time: 0.0002,
    target_processing_time: 0.0025,
    response_processing_time: 0.0001,
    elb_status_code: 200,
    target_status_code: 200,
    received_bytes: 120,
    sent_bytes: 532,
    request: 'GET http://api.example.com:80/api/users?id=7 HTTP/1.1',
    user_agent: 'curl/8.5.0',
    ssl_cipher: null,
    ssl_protocol: null,
    target_group_arn: 'api',
    trace_id: 'Root=k3x9a0b1c2-1f',
    request_creation_time: T_START,
    actions_executed: ['forward'],
    error_reason: null,
    target_port_list: ['10.0.0.1:9000', '10.0.0.3:9000'],
    target_status_code_list: [null, 200],
    cause: null,
    phase: null,
    attempts: [
      { target: '10.0.0.1:9000', status: null, cause: 'upstream_keepalive_race', reused: true, idle_before_ms: 4900, connect_ms: null, tls_ms: null, headers_ms: null, error_code: 'ECONNRESET' },
      { target: '10.0.0.3:9000', status: 200, cause: null, reused: false, idle_before_ms: null, connect_ms: 0.3, tls_ms: null, headers_ms: 2.1, error_code: null },
    ],
    reused: false,
    recovered: 'upstream_keepalive_race',
    request_id: 'k3x9a0b1c2-1f',
    origin: 'target',
  });
});

test('json: round-trips every example: the facts of the record come back out of the line', () => {
  for (const record of [CLEAN_200, REFUSED_502, RETRIED_200, CLIENT_ABORT, HOSTILE_400]) {
    const parsed = JSON.parse(encodeJsonLine(record));
    assert.equal(parsed.request_id, record.requestId);
    assert.equal(parsed.cause, record.cause);
    assert.equal(parsed.phase, record.phase);
    assert.equal(parsed.recovered, record.recovered);
    assert.equal(parsed.origin, record.origin);
    assert.equal(parsed.elb_status_code, record.status ?? 460);
    assert.equal(parsed.user_agent, record.userAgent);
    assert.equal(Date.parse(parsed.request_creation_time), record.startedAtMs);
    assert.equal(Date.parse(parsed.time), record.endedAtMs);
    assert.deepEqual(parsed.attempts.map((a: { target: string; status: number | null; cause: string | null; reused: boolean }) => [a.target, a.status, a.cause, a.reused]),
      record.attempts.map((a) => [`${a.target.address}:${a.target.port}`, a.status, a.cause, a.reused]));
    assert.equal(parsed.request_processing_time, record.requestProcessingMs < 0 ? -1 : record.requestProcessingMs / 1000);
  }
});

test('field helpers: timestamps to the µs, tokens never keep a space (stateless on repeated calls), seconds round like ALB', async () => {
  const { isoMicros, seconds, token } = await import('../../../src/telemetry/access-log/fields.ts');
  assert.deepEqual([0, 1.5, 999.9999, 1_763_744_400_123.456, 1_763_744_401_000].map(isoMicros), [
    '1970-01-01T00:00:00.000000Z', '1970-01-01T00:00:00.001500Z', '1970-01-01T00:00:00.999999Z',
    '2025-11-21T17:00:00.123456Z', '2025-11-21T17:00:01.000000Z',
  ]);
  for (let i = 0; i < 3; i++) assert.equal(token('pool a"b'), 'pool_a_b');
  assert.equal(token(null), '-');
  assert.equal(token(''), '-');
  assert.deepEqual([0, 0.2, 0.5, 3.456, 999.6, 12_345.678, -1].map(seconds), ['0.000', '0.000', '0.001', '0.003', '1.000', '12.346', '-1']);
});

test('json: the hand-written serialiser is byte-equal to JSON.stringify of the typed object', async () => {
  const { toJsonAccessLine } = await import('../../../src/telemetry/access-log/index.ts');
  const odd = { ...HOSTILE_400, listener: 'a"b\\c', requestId: 'id\u2028x', userAgent: '\u0000\u001f\u007f\u00ff\u{1F600}', requestProcessingMs: 1 / 3 };
  for (const record of [CLEAN_200, REFUSED_502, RETRIED_200, CLIENT_ABORT, HOSTILE_400, odd]) {
    assert.equal(encodeJsonLine(record), `${JSON.stringify(toJsonAccessLine(record))}\n`);
  }
});
