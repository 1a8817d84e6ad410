// Does every cause in the catalogue keep the contract the rest of Gatewise relies on? Ids permanent and
// well-formed, statuses following the DESIGN §3 policy, a valid RFC 9209 type, and operator-grade
// content (explanation, evidence, a runnable remedy, all four peers). In the spirit of fastify's
// test/internals/errors.test.js: the table is data, so the test walks all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CATALOGUE,
  CAUSE_IDS,
  CULPRITS,
  PHASES,
  PROXY_ERROR_TYPES,
  allCauses,
  causeOf,
  isCauseId,
  statusOf,
  type Cause,
  type ProxyErrorType,
} from '../../src/causes/index.ts';

const SNAPSHOT = new URL('./ids.snapshot.txt', import.meta.url);
const snapshot = readFileSync(SNAPSHOT, 'utf8').split('\n').filter((line) => line.length > 0);

test('every id has an entry whose id equals its key, and the catalogue has nothing else', () => {
  for (const id of CAUSE_IDS) {
    assert.ok(Object.hasOwn(CATALOGUE, id), `no entry for ${id}`);
    assert.equal(CATALOGUE[id].id, id, `CATALOGUE.${id}.id is ${CATALOGUE[id].id}`);
    assert.equal(causeOf(id), CATALOGUE[id]);
  }
  assert.deepEqual(Object.keys(CATALOGUE).sort(), [...CAUSE_IDS].sort());
  assert.deepEqual(allCauses().map((c) => c.id), [...CAUSE_IDS]);
});

test('ids are unique snake_case words', () => {
  assert.equal(new Set(CAUSE_IDS).size, CAUSE_IDS.length, 'duplicate id in ids.ts');
  for (const id of CAUSE_IDS) assert.match(id, /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/, `${id} is not snake_case`);
  assert.equal(isCauseId('upstream_connect_refused'), true);
  assert.equal(isCauseId('Upstream_Connect_Refused'), false);
});

test('ids are permanent: every id ever published still exists, and new ids are recorded', () => {
  assert.equal(new Set(snapshot).size, snapshot.length, 'duplicate line in ids.snapshot.txt');
  for (const id of snapshot) {
    assert.ok(isCauseId(id), `cause id "${id}" was published and must never be removed or renamed (Node's rule for error codes)`);
  }
  for (const id of CAUSE_IDS) {
    assert.ok(snapshot.includes(id), `new cause id "${id}": append it to test/causes/ids.snapshot.txt so it is kept forever`);
  }
});

const TIMEOUT_TYPES: ReadonlySet<ProxyErrorType> = new Set([
  'dns_timeout',
  'connection_timeout',
  'connection_read_timeout',
  'connection_write_timeout',
  'http_response_timeout',
]);

/** DESIGN §3 status policy, applied to a cause's own fields. */
function expectedOutcome(cause: Cause): string {
  const culprit = cause.culprits[0];
  const phase = cause.phases[0];
  if (cause.id === 'client_aborted') return 'log-only 499';
  if (culprit === 'client') return 'respond 4xx';
  if (cause.id === 'proxy_internal_error') return 'respond 500';
  if (cause.id === 'upstream_5xx') return 'pass-through';
  if (phase === 'body') return 'abort'; // the head is already forwarded: the status cannot change
  if (cause.proxyStatus !== null && TIMEOUT_TYPES.has(cause.proxyStatus)) return 'respond 504';
  if (phase === 'route' || phase === 'select' || phase === 'queue' || cause.proxyStatus === 'connection_limit_reached') return 'respond 503';
  if (culprit === 'gateway' && cause.proxyStatus === 'proxy_internal_response') return 'respond 503'; // the gateway's own overload
  return 'respond 502'; // a bad or absent response after a connection attempt
}

function actualOutcome(cause: Cause): string {
  const o = cause.outcome;
  if (o.kind === 'respond') return `respond ${cause.culprits[0] === 'client' && o.status >= 400 && o.status < 500 ? '4xx' : o.status}`;
  if (o.kind === 'log-only') return `log-only ${o.status}`;
  return o.kind;
}

for (const cause of allCauses()) {
  test(`${cause.id}: status follows the policy`, () => {
    assert.equal(actualOutcome(cause), expectedOutcome(cause));
    if (cause.outcome.kind === 'respond' && cause.outcome.status === 504) {
      assert.ok(cause.proxyStatus !== null && TIMEOUT_TYPES.has(cause.proxyStatus), '504 is for timeouts only');
    }
    const status = statusOf(cause);
    assert.equal(status === null, cause.outcome.kind === 'abort' || cause.outcome.kind === 'pass-through');
  });

  test(`${cause.id}: Proxy-Status type is an RFC 9209 type, null only where the gateway reports no error`, () => {
    if (cause.proxyStatus === null) {
      const o = cause.outcome;
      const allowed = o.kind === 'pass-through' || o.kind === 'log-only' || (o.kind === 'respond' && o.status >= 400 && o.status < 500);
      assert.ok(allowed, `${cause.id} makes the gateway answer ${JSON.stringify(o)} and needs an RFC 9209 error type`);
    } else {
      assert.ok((PROXY_ERROR_TYPES as readonly string[]).includes(cause.proxyStatus), `${cause.proxyStatus} is not in RFC 9209 §2.3`);
    }
  });

  test(`${cause.id}: phases and culprits are known and distinct`, () => {
    for (const phase of cause.phases) assert.ok((PHASES as readonly string[]).includes(phase), phase);
    for (const culprit of cause.culprits) assert.ok((CULPRITS as readonly string[]).includes(culprit), culprit);
    assert.equal(new Set(cause.phases).size, cause.phases.length, 'a phase is listed twice');
    assert.equal(new Set(cause.culprits).size, cause.culprits.length, 'a culprit is listed twice');
  });

  test(`${cause.id}: operator-grade content`, () => {
    assert.ok(cause.title.length >= 10 && !cause.title.endsWith('.'), 'a title is a short phrase without a final period');
    assert.ok(cause.explanation.length >= 200, 'the explanation says what happened on the wire and the usual reasons');
    assert.ok(cause.evidence.length >= 1, 'at least one fact that proves it');
    for (const fact of cause.evidence) assert.ok(fact.trim().length >= 10, `evidence too thin: "${fact}"`);
    assert.ok(cause.remedies.length >= 1, 'at least one remedy');
    for (const remedy of cause.remedies) {
      assert.ok(remedy.action.trim().length >= 10, `remedy without an action: ${JSON.stringify(remedy)}`);
      const runnable = (remedy.command?.trim().length ?? 0) > 0 || (remedy.config?.trim().length ?? 0) > 0;
      assert.ok(runnable, `remedy "${remedy.action}" needs a command or a config snippet`);
    }
    for (const related of cause.related ?? []) {
      assert.ok(isCauseId(related), `related id ${related} does not exist`);
      assert.notEqual(related, cause.id, 'a cause is not related to itself');
    }
  });

  test(`${cause.id}: every peer says how it shows the cause or why it cannot`, () => {
    const { alb, nginx, haproxy, envoy } = cause.peers;
    const nonEmpty = (value: string | undefined, what: string) => assert.ok(value !== undefined && value.trim().length > 0, `${what} is empty`);
    for (const [name, view] of Object.entries(cause.peers)) {
      if (!view.seen) assert.ok(view.why.trim().length >= 30, `${name}: a real reason why it cannot be seen`);
      else if (view.note !== undefined) nonEmpty(view.note, `${name}.note`);
    }
    if (alb.seen) {
      nonEmpty(alb.elbStatus, 'alb.elbStatus');
      nonEmpty(alb.targetStatus, 'alb.targetStatus');
      assert.ok(alb.metrics.length >= 1, 'alb: at least one CloudWatch metric');
      for (const metric of alb.metrics) assert.match(metric, /^[A-Z][A-Za-z0-9_]+$/, `alb metric ${metric}`);
      if (alb.processingTimes !== undefined) assert.match(alb.processingTimes, /^\S+ \S+ \S+$/, 'three processing times');
    }
    if (nginx.seen) {
      nonEmpty(nginx.status, 'nginx.status');
      if (nginx.errorLog !== null) nonEmpty(nginx.errorLog, 'nginx.errorLog');
      else nonEmpty(nginx.note, 'nginx.note (where it shows when there is no error-log line)');
    }
    if (haproxy.seen) {
      assert.match(haproxy.termination, /^[A-Za-z-]{2}$/, 'the first two characters of the termination state');
      nonEmpty(haproxy.status, 'haproxy.status');
    }
    if (envoy.seen) assert.match(envoy.flags, /^(?:-|[A-Z]{2,5}(?:,[A-Z]{2,5})*)$/, 'Envoy response flags');
  });

  test(`${cause.id}: a status that peers disagree with is explained`, () => {
    const ours = statusOf(cause);
    if (cause.outcome.kind !== 'respond' && cause.outcome.kind !== 'log-only') return;
    const { alb, nginx, haproxy } = cause.peers;
    const theirs = [alb.seen ? alb.elbStatus : null, nginx.seen ? nginx.status : null, haproxy.seen ? haproxy.status : null]
      .filter((s): s is string => s !== null && /^\d{3}$/.test(s))
      .map(Number);
    const disagree = theirs.some((s) => s !== ours);
    if (disagree) {
      assert.ok(cause.statusRationale !== undefined, `peers answer ${theirs.join('/')} where we answer ${ours}: say why in statusRationale`);
    }
    if (cause.statusRationale !== undefined) {
      assert.ok(cause.statusRationale.includes(String(ours)), 'the rationale names the status we chose');
    }
  });
}
