// Does each format parser read its peer's documented lines (AWS ALB/CLB doc examples, Envoy's
// default format, NGINX log_format and HAProxy log-format strings) into the right fields, count
// what it cannot read, and does auto-detection pick the right parser?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAlbFormat } from '../../src/doctor/formats/alb.ts';
import { createClbFormat } from '../../src/doctor/formats/clb.ts';
import { createEnvoyFormat } from '../../src/doctor/formats/envoy.ts';
import { createGatewiseJsonFormat } from '../../src/doctor/formats/gatewise-json.ts';
import { createHaproxyFormat } from '../../src/doctor/formats/haproxy.ts';
import { createNginxFormat } from '../../src/doctor/formats/nginx-access.ts';
import { createNginxErrorIndex, parseNginxErrorLine } from '../../src/doctor/formats/nginx-error.ts';
import { compileNginxFormat, LogFormatError, normaliseNginxFormat } from '../../src/doctor/formats/nginx-template.ts';
import { createQuickLine, type LineFormat } from '../../src/doctor/formats/format.ts';
import { detectFormat } from '../../src/doctor/formats/registry.ts';
import type { LogEvent } from '../../src/doctor/event.ts';

const LOGS = resolve(import.meta.dirname, '../fixtures/logs');

function parse(format: LineFormat, line: string): { quick: ReturnType<typeof createQuickLine>; event: LogEvent | null } | null {
  const buf = Buffer.from(line);
  const q = createQuickLine();
  if (!format.quick(buf, 0, buf.length, q)) return null;
  return { quick: { ...q }, event: format.decode(buf, 0, buf.length, 'f', 1) };
}

test('ALB: the AWS documentation examples parse, with every field the rules use', () => {
  const lines = readFileSync(`${LOGS}/alb/aws-doc-examples.log`, 'utf8').trim().split('\n');
  const alb = createAlbFormat();
  for (const l of lines) assert.ok(parse(alb, l), `should parse: ${l.slice(0, 80)}`);
  const lambda = parse(alb, lines[5] as string);
  assert.equal(lambda?.quick.status, 502);
  assert.equal(lambda?.quick.decode, true);
  assert.equal(lambda?.event?.errorReason, 'LambdaInvalidResponse');
  assert.equal(lambda?.event?.targetStatus, null);
  const first = parse(alb, lines[0] as string);
  assert.equal(first?.quick.status, 200);
  assert.equal(first?.quick.decode, false, 'a 200 with a target status needs no decoding');
  assert.equal(first?.quick.timeMs, Date.parse('2018-07-02T22:23:00.186Z'));
  const buf = Buffer.from(lines[0] as string);
  assert.equal(buf.toString('latin1', first?.quick.targetStart, first?.quick.targetEnd), '10.0.0.1:80');
});

test('ALB: older lines with fewer fields and newer ones with extra trailing fields both parse', () => {
  const alb = createAlbFormat();
  const old = 'http 2016-08-10T22:08:42.945958Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 -1 -1 -1 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - -';
  const p = parse(alb, old);
  assert.equal(p?.event?.status, 502);
  assert.equal(p?.event?.times.request, -1);
  assert.equal(p?.event?.target, '10.0.0.1:80');
  const newer = `${readFileSync(`${LOGS}/alb/aws-doc-examples.log`, 'utf8').split('\n')[0]} "-" "-" "-" "future-field"`;
  assert.ok(parse(alb, newer), 'AWS adds fields at the end; they must not break parsing');
  assert.equal(parse(alb, 'not an alb line at all'), null);
  assert.equal(parse(alb, 'http 2018-07-02T22:23:00.186641Z app/x 1.2.3.4:1 - 0 0 0 abc'), null, 'a non-numeric status is malformed');
});

test('ALB: retries fill target:port_list and target_status_code_list', () => {
  const line = 'https 2024-01-01T00:00:00.000000Z app/a/b 1.2.3.4:5 10.0.0.2:80 0.001 0.002 0.000 200 200 1 2 "GET https://x:443/ HTTP/1.1" "-" c p arn "Root=1" "-" "-" 0 2024-01-01T00:00:00.000000Z "forward" "-" "-" "10.0.0.1:80 10.0.0.2:80" "- 200" "-" "-" TID_1';
  const e = parse(createAlbFormat(), line)?.event;
  assert.deepEqual(e?.targets, ['10.0.0.1:80', '10.0.0.2:80']);
  assert.deepEqual(e?.targetStatuses, [null, 200]);
});

test('CLB: the AWS documentation examples parse; no backend answer is status 0 or -', () => {
  const lines = readFileSync(`${LOGS}/clb/aws-doc-examples.log`, 'utf8').trim().split('\n');
  const clb = createClbFormat();
  const parsed = lines.map((l) => parse(clb, l));
  assert.ok(parsed[0] && parsed[1] && parsed[3] && parsed[4]);
  assert.equal(parsed[3]?.event?.status, 503);
  assert.equal(parsed[3]?.event?.target, null);
  assert.equal(parsed[4]?.event?.targetStatus, null, 'backend_status_code 0 means no backend answer');
  assert.equal(parsed[4]?.event?.times.request, -1);
});

test('Envoy: the default format with response flags and the upstream host', () => {
  const lines = readFileSync(`${LOGS}/envoy/default-format.log`, 'utf8').trim().split('\n');
  const envoy = createEnvoyFormat();
  const uf = parse(envoy, lines[1] as string)?.event;
  assert.equal(uf?.status, 503);
  assert.equal(uf?.flags, 'UF,URX');
  assert.equal(uf?.target, '10.0.2.7:8080');
  assert.equal(uf?.requestId, '9f0d7a52-1b7e-4a9e-bb1c-6c1f0b1a2e01');
  const ok = parse(envoy, lines[0] as string);
  assert.equal(ok?.quick.decode, false);
  const own500 = parse(envoy, lines[4] as string)?.event;
  assert.equal(own500?.targetStatus, 500, 'a 5xx without flags is the upstream answer');
});

test('NGINX: a log_format with $upstream_* lists (retries and redirects) is compiled into a parser', () => {
  const fmt = '$remote_addr [$time_local] "$request" $status $body_bytes_sent $upstream_addr $upstream_status $upstream_connect_time $upstream_header_time $request_time $request_id';
  const nginx = createNginxFormat(fmt);
  const line = '10.1.1.1 [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.1" 200 12 10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80 502, 504 : 200 0.001, 0.002 : 0.001 -, - : 0.005 0.010 4f1e2d';
  const p = parse(nginx, line);
  assert.equal(p?.quick.timeMs, Date.parse('2000-10-10T20:55:36Z'));
  assert.equal(p?.quick.decode, false);
  const bad = line.replace('" 200 ', '" 502 ');
  const e = parse(nginx, bad)?.event;
  assert.deepEqual(e?.targets, ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80']);
  assert.deepEqual(e?.targetStatuses.slice(0, 2), [502, 504]);
  assert.equal(e?.requestId, '4f1e2d');
  assert.equal(e?.attempts, 3);
});

test('NGINX: combined is the default; log_format declarations are accepted as written in nginx.conf', () => {
  const p = parse(createNginxFormat(), '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 499 2326 "http://www.example.com/start.html" "Mozilla/4.08"');
  assert.equal(p?.event?.status, 499);
  assert.equal(p?.event?.request, 'GET /apache_pb.gif HTTP/1.0');
  assert.equal(normaliseNginxFormat(`log_format main '$remote_addr [$time_local] '\n  '"$request" $status';`), '$remote_addr [$time_local] "$request" $status');
  assert.throws(() => compileNginxFormat('$remote_addr $request'), LogFormatError, 'a format without $status is refused');
});

test('NGINX error log: lines parse and join to access lines by connection or client + request', () => {
  const text = '2024/05/01 10:00:00 [error] 1234#1234: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET /x HTTP/1.1", upstream: "http://127.0.0.1:8081/x", host: "localhost:8080"';
  const entry = parseNginxErrorLine(text, 'error.log', 1);
  assert.equal(entry?.connection, 5);
  assert.equal(entry?.client, '127.0.0.1');
  assert.equal(entry?.request, 'GET /x HTTP/1.1');
  assert.match(entry?.message ?? '', /Connection refused/);
  const index = createNginxErrorIndex();
  index.add(entry!);
  assert.equal(index.take(null, '127.0.0.2', 'GET /x HTTP/1.1', 1).length, 0);
  assert.equal(index.take(null, '127.0.0.1', 'GET /x HTTP/1.1', 1).length, 1);
  assert.equal(index.take(null, '127.0.0.1', 'GET /x HTTP/1.1', 1).length, 0, 'an entry is used once');
});

test('HAProxy: httplog with a syslog prefix, without captures, and a custom log-format with %ID', () => {
  const h = createHaproxyFormat();
  const syslog = 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';
  const a = parse(h, syslog);
  assert.equal(a?.quick.status, 200);
  assert.equal(a?.quick.timeMs, Date.parse('2009-02-06T12:14:14.655Z'));
  const noCapture = '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/-1/-1/109 503 212 - - SC-- 1/1/1/1/0 0/0 "GET /index.html HTTP/1.1"';
  const b = parse(h, noCapture)?.event;
  assert.equal(b?.termination, 'SC--');
  assert.equal(b?.times.connect, -1);
  assert.equal(b?.target, 'srv1');
  const custom = createHaproxyFormat('%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ID %{+Q}r');
  const c = parse(custom, '10.0.0.9:1234 [21/Nov/2026:10:00:00.000] fe be/s1 0/0/0/-1/5 502 209 SH-- abc-123 "GET / HTTP/1.1"')?.event;
  assert.equal(c?.requestId, 'abc-123');
  assert.equal(c?.termination, 'SH--');
});

test('Gatewise json: our JSON lines are read with the cause', () => {
  const line = JSON.stringify({ type: 'http', time: '2026-11-21T10:00:00.000000Z', elb: 'main', client_ip: '127.0.0.1', client_port: 5, target_ip: '127.0.0.1', target_port: 8080, request_processing_time: 0.001, target_processing_time: -1, response_processing_time: -1, elb_status_code: 502, target_status_code: null, received_bytes: 1, sent_bytes: 2, request: 'GET http://x:80/ HTTP/1.1', error_reason: 'upstream_connect_refused', target_port_list: ['127.0.0.1:8080'], target_status_code_list: [null], cause: 'upstream_connect_refused', phase: 'connect', attempts: [{}], reused: false, request_id: 'r-1' });
  const p = parse(createGatewiseJsonFormat(), line);
  assert.equal(p?.quick.decode, true);
  assert.equal(p?.event?.cause, 'upstream_connect_refused');
  assert.equal(p?.event?.target, '127.0.0.1:8080');
  assert.equal(p?.event?.requestId, 'r-1');
});

test('detection picks the format from the first lines of each file', () => {
  const detect = (p: string) => detectFormat(readFileSync(p))?.id ?? null;
  assert.equal(detect(`${LOGS}/alb/aws-doc-examples.log`), 'alb');
  assert.equal(detect(`${LOGS}/clb/aws-doc-examples.log`), 'clb');
  assert.equal(detect(`${LOGS}/envoy/default-format.log`), 'envoy');
  assert.equal(detect(`${LOGS}/haproxy/haproxy.log`), 'haproxy');
  assert.equal(detect(`${LOGS}/nginx/access-combined.log`), 'nginx');
  assert.equal(detect(`${LOGS}/nginx/error.log`), 'nginx-error');
  assert.equal(detect(`${LOGS}/gatewise/access.alb.log`), 'alb');
  assert.equal(detectFormat(Buffer.from('hello\nworld\n')), null);
});

test('the cached CLF time parser agrees with the plain one across seconds, minutes, offsets and milliseconds', async () => {
  const { createClfTimeParser, parseClfTime } = await import('../../src/doctor/engine/bytes.ts');
  const cached = createClfTimeParser();
  const times = ['10/Oct/2000:13:55:36 -0700', '10/Oct/2000:13:55:59 -0700', '10/Oct/2000:13:56:00 -0700', '10/Oct/2000:13:56:00 +0200', '06/Feb/2009:12:14:14.655', '06/Feb/2009:12:14:15.001', '06/Feb/2009:12:15:15.001'];
  for (const text of times) {
    const b = Buffer.from(text);
    assert.equal(cached(b, 0, b.length), parseClfTime(b, 0, b.length), text);
  }
});
