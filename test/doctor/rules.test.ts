// Do the rules name the cause a line's fields imply, say when the log cannot tell causes apart
// (with probabilities and how to tell), and let the target's history (failure streaks, idle gaps,
// deregistrations) tip an ambiguous ALB 502? And does the coverage map say, for every cause and
// every log family, how it is seen or why it cannot be?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAUSE_IDS } from '../../src/causes/index.ts';
import { emptyEvent, type LogEvent, type Mutable } from '../../src/doctor/event.ts';
import { diagnose } from '../../src/doctor/rules/index.ts';
import { NO_CONTEXT, originOf } from '../../src/doctor/rules/verdict.ts';
import { DOCTOR_COVERAGE, LOG_FAMILIES } from '../../src/doctor/rules/coverage.ts';
import { causeOfNginxMessage } from '../../src/doctor/rules/nginx-error-log.ts';
import { createDrainWindows } from '../../src/doctor/infer/cloudtrail.ts';

function alb(fields: Partial<Mutable<LogEvent>>): LogEvent {
  return { ...emptyEvent('alb', 'f', 1), target: '10.0.0.1:80', ...fields };
}

const noAnswer = (request: number) => alb({ status: 502, targetStatus: null, times: { request, connect: null, header: -1, response: -1, total: null } });

test('ALB 502 with -1 -1 -1: refused, keep-alive race or closed before response, with probabilities and how to tell', () => {
  const v = diagnose(noAnswer(-1), NO_CONTEXT);
  assert.equal(v?.cause, 'upstream_connect_refused');
  assert.deepEqual(v?.alternatives.map((a) => a.cause).sort(), ['upstream_closed_before_response', 'upstream_connect_refused', 'upstream_keepalive_race']);
  assert.ok(Math.abs((v?.alternatives.reduce((s, a) => s + a.p, 0) ?? 0) - 1) < 0.01, 'probabilities sum to 1');
  assert.match(v?.howToTell ?? '', /TargetConnectionErrorCount/);
  assert.equal(originOf(noAnswer(-1)), 'gateway');
});

test('ALB 502: an idle gap after a success tips it to a keep-alive race; a failure streak to refused', () => {
  const idle = diagnose(noAnswer(-1), { gapMs: 30_000, failStreak: 0, prevOk: true, draining: false });
  assert.equal(idle?.cause, 'upstream_keepalive_race');
  assert.ok(idle?.evidence.some((e) => /idle/.test(e)));
  const streak = diagnose(noAnswer(0.001), { gapMs: 100, failStreak: 5, prevOk: false, draining: false });
  assert.equal(streak?.cause, 'upstream_connect_refused');
});

test('ALB 502 on a target inside its CloudTrail deregistration window is weighed as draining expired', () => {
  const drains = createDrainWindows([{ timeMs: 1_000_000, name: 'DeregisterTargets', targets: ['10.0.0.1:80'], targetGroup: null }]);
  assert.equal(drains.isDraining('10.0.0.1:80', 1_000_000 + 200_000), true);
  assert.equal(drains.isDraining('10.0.0.1:80', 1_000_000 + 400_000), false);
  assert.equal(drains.isDraining('10.0.0.2:80', 1_000_000 + 200_000), false);
  const v = diagnose(noAnswer(0.001), { gapMs: 100, failStreak: 0, prevOk: true, draining: true });
  assert.equal(v?.cause, 'upstream_draining_expired');
});

test('target-made vs gateway-made: a 5xx equal to the target status is the target answer', () => {
  const e = alb({ status: 503, targetStatus: 503 });
  assert.equal(diagnose(e, NO_CONTEXT)?.cause, 'upstream_5xx');
  assert.equal(originOf(e), 'target');
  const timeout = alb({ status: 504, targetStatus: null, times: { request: -1, connect: null, header: -1, response: -1, total: null } });
  assert.equal(diagnose(timeout, NO_CONTEXT)?.cause, 'upstream_connect_timeout');
  const slow = alb({ status: 504, targetStatus: null, times: { request: 0.001, connect: null, header: -1, response: -1, total: null } });
  assert.equal(diagnose(slow, NO_CONTEXT)?.cause, 'upstream_headers_timeout');
  assert.equal(diagnose(alb({ status: 460, targetStatus: null }), NO_CONTEXT)?.cause, 'client_aborted');
  assert.equal(diagnose(alb({ status: 503, targetStatus: null, target: null }), NO_CONTEXT)?.cause, 'no_upstream_configured');
});

test('NGINX error messages map to causes by errno and phase', () => {
  const cases: [string, string][] = [
    ['connect() failed (111: Connection refused) while connecting to upstream', 'upstream_connect_refused'],
    ['connect() failed (113: No route to host) while connecting to upstream', 'upstream_unreachable'],
    ['connect() failed (104: Connection reset by peer) while connecting to upstream', 'upstream_reset_before_response'],
    ['connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream', 'upstream_connect_refused'],
    ['connect() to unix:/run/gunicorn.sock failed (111: Connection refused) while connecting to upstream', 'upstream_connect_refused'],
    ['connect() to 127.0.0.1:8080 failed (13: Permission denied) while connecting to upstream', 'upstream_unreachable'],
    ['connect() failed (99: Cannot assign requested address) while connecting to upstream', 'upstream_unreachable'],
    ['socket() failed (24: Too many open files) while connecting to upstream', 'proxy_overloaded'],
    ['1024 worker_connections are not enough while connecting to upstream', 'proxy_overloaded'],
    ['SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream', 'upstream_tls_certificate_invalid'],
    ['SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while reading upstream', 'upstream_closed_mid_body'],
    ['SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while reading response header from upstream', 'upstream_closed_before_response'],
    ['SSL_write() failed (32: Broken pipe) while sending request to upstream', 'upstream_closed_before_response'],
    ['upstream timed out (110: Connection timed out) while connecting to upstream', 'upstream_connect_timeout'],
    ['upstream timed out (110: Connection timed out) while reading response header from upstream', 'upstream_headers_timeout'],
    ['upstream timed out (110: Connection timed out) while reading upstream', 'upstream_body_timeout'],
    ['upstream prematurely closed connection while reading upstream', 'upstream_closed_mid_body'],
    ['upstream sent too big header while reading response header from upstream', 'upstream_headers_too_large'],
    ['upstream sent duplicate header line: "Content-Length: 5", previous value: "Content-Length: 3" while reading response header from upstream', 'upstream_bad_framing'],
    ['no live upstreams while connecting to upstream', 'no_healthy_upstream'],
    ['SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream', 'upstream_protocol_mismatch'],
    ['x.invalid could not be resolved (3: Host not found)', 'upstream_dns_failed'],
  ];
  for (const [message, cause] of cases) assert.equal(causeOfNginxMessage(message), cause, message);
  // Not upstream failures: a missing static file, a client's own mistake about a path.
  assert.equal(causeOfNginxMessage('open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)'), null);
});

test('ALB in front of Lambda: error_reason names the cause where the catalogue has one', () => {
  const lambda = (errorReason: string, status: number) => diagnose(alb({ status, targetStatus: null, target: null, errorReason, times: { request: 0, connect: null, header: 0.001, response: 0, total: null } }), NO_CONTEXT);
  assert.equal(lambda('LambdaInvalidResponse', 502)?.cause, 'upstream_bad_response');
  assert.equal(lambda('LambdaUnhandled', 502)?.cause, 'upstream_closed_before_response');
  assert.equal(lambda('LambdaThrottling', 503)?.cause, 'upstream_overloaded');
  const denied = lambda('LambdaAccessDenied', 502);
  assert.equal(denied?.cause, 'upstream_connect_refused');
  assert.ok(denied!.confidence < 0.9 && denied!.evidence.some((line) => line.includes('LambdaAccessDenied')), 'a configuration failure says so, with less confidence');
});

test('NGINX: a [warn] logged after the error for the same request does not hide its cause', () => {
  const e = { ...emptyEvent('nginx', 'f', 1), status: 502, targetStatuses: [null], errorLog: 'upstream sent too big header while reading response header from upstream | upstream server temporarily disabled while reading response header from upstream' };
  assert.equal(diagnose(e, NO_CONTEXT)?.cause, 'upstream_headers_too_large');
});

test('NGINX: a POST closed before the response leans to a keep-alive race, a GET does not (NGINX retries GETs on cached connections)', () => {
  const base = { ...emptyEvent('nginx', 'f', 1), status: 502, targetStatuses: [null], errorLog: 'upstream prematurely closed connection while reading response header from upstream' };
  assert.equal(diagnose({ ...base, method: 'POST' }, { ...NO_CONTEXT, prevOk: true })?.cause, 'upstream_keepalive_race');
  assert.equal(diagnose({ ...base, method: 'GET' }, NO_CONTEXT)?.cause, 'upstream_closed_before_response');
  const recovered = diagnose({ ...base, method: 'GET', status: 200, targetStatus: 200, targetStatuses: [null, 200], attempts: 2 }, NO_CONTEXT);
  assert.equal(recovered?.cause, 'upstream_keepalive_race');
});

test('HAProxy termination states name the cause; <NOSRV> SC is no healthy server', () => {
  const h = (termination: string, status: number, noServer = false) => diagnose({ ...emptyEvent('haproxy', 'f', 1), termination, status, noServer }, NO_CONTEXT)?.cause;
  assert.equal(h('SC--', 503), 'upstream_connect_refused');
  assert.equal(h('SC--', 503, true), 'no_healthy_upstream');
  assert.equal(h('sC--', 503), 'upstream_connect_timeout');
  assert.equal(h('sH--', 504), 'upstream_headers_timeout');
  assert.equal(h('SH--', 502), 'upstream_closed_before_response');
  assert.equal(h('PH--', 502), 'upstream_bad_response');
  assert.equal(h('SD--', 200), 'upstream_closed_mid_body');
  assert.equal(h('CD--', 200), 'client_aborted');
  assert.equal(h('sQ--', 503), 'upstream_overloaded');
});

test('the coverage map is total over cause ids, with a reason wherever a family cannot see a cause', () => {
  for (const id of CAUSE_IDS) {
    const entry = DOCTOR_COVERAGE[id];
    if ('covered' in entry) {
      assert.ok(entry.why.length > 20, `${id}: a reason is needed`);
      continue;
    }
    for (const family of LOG_FAMILIES) {
      const v = entry[family];
      assert.ok(v.seen ? v.how.length >= 3 : v.why.length > 20, `${id} × ${family}: say how it is seen or why not`);
    }
  }
});
