// Question: is the hand-written exposition right where it is easy to get wrong — label escaping,
// cumulative histogram buckets, +Inf — and does merging the workers' snapshots add everything up?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Exposition, escapeLabel } from '../../src/telemetry/metrics/exposition.ts';
import { emptyHistogram, emptySnapshot, mergeSnapshots, observeSeconds, RESPONSE_TIME_BUCKETS } from '../../src/telemetry/metrics/snapshot.ts';
import { createRateHistory } from '../../src/telemetry/metrics/history.ts';

test('label values escape backslash, quote and newline only', () => {
  assert.equal(escapeLabel('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  const text = new Exposition().family('x_total', 'counter', 'help').sample('x_total', { target: 'h"1' }, 2).text();
  assert.equal(text, '# HELP x_total help\n# TYPE x_total counter\nx_total{target="h\\"1"} 2\n');
});

test('histogram buckets are cumulative and end with +Inf', () => {
  const h = emptyHistogram();
  for (const s of [0.001, 0.02, 0.02, 3, 100]) observeSeconds(h, s);
  const lines = new Exposition().histogram('t_seconds', {}, RESPONSE_TIME_BUCKETS, h.counts, h.sum, h.count).text().trim().split('\n');
  assert.equal(lines[0], 't_seconds_bucket{le="0.005"} 1');
  assert.equal(lines[2], 't_seconds_bucket{le="0.025"} 3');
  assert.equal(lines.find((l) => l.includes('le="5"')), 't_seconds_bucket{le="5"} 4');
  assert.equal(lines.find((l) => l.includes('+Inf')), 't_seconds_bucket{le="+Inf"} 5');
  assert.equal(lines.at(-1), 't_seconds_count 5');
});

test('merging worker snapshots sums counters, histograms and connections', () => {
  const a = emptySnapshot();
  const b = emptySnapshot();
  a.requests = 3;
  b.requests = 4;
  a.gatewayErrors['upstream_connect_refused|502'] = 1;
  b.gatewayErrors['upstream_connect_refused|502'] = 2;
  b.gatewayErrors['upstream_headers_timeout|504'] = 1;
  a.responseTime['p|t'] = emptyHistogram();
  observeSeconds(a.responseTime['p|t'], 0.01);
  b.responseTime['p|t'] = emptyHistogram();
  observeSeconds(b.responseTime['p|t'], 0.2);
  a.connections.active = 5;
  b.connections.active = 6;
  const m = mergeSnapshots([a, b]);
  assert.equal(m.requests, 7);
  assert.deepEqual(m.gatewayErrors, { 'upstream_connect_refused|502': 3, 'upstream_headers_timeout|504': 1 });
  assert.equal(m.responseTime['p|t']!.count, 2);
  assert.equal(m.connections.active, 11);
});

test('the rate history diffs snapshots per second, by cause', () => {
  const h = createRateHistory(3);
  const s = emptySnapshot();
  h.sample(s, 1000);
  s.requests = 10;
  s.gatewayErrors['upstream_bad_response|502'] = 2;
  h.sample(s, 2000);
  assert.deepEqual(h.points(), [{ t: 2000, requests: 10, errors: { upstream_bad_response: 2 } }]);
  for (let i = 3; i < 8; i++) h.sample(s, i * 1000);
  assert.equal(h.points().length, 3, 'bounded');
});
