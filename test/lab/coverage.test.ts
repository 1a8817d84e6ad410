// Does LAB_COVERAGE agree with the fault list in both directions: every fault is named under exactly
// its expectCause, every named fault exists and declares that cause, and every cause without a fault
// says why?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAUSE_IDS, isCovered } from '../../src/causes/index.ts';
import { ALL_FAULTS, LAB_COVERAGE } from '../../src/lab/index.ts';

test('every fault appears under its expectCause', () => {
  for (const fault of ALL_FAULTS) {
    const entry = LAB_COVERAGE[fault.expectCause];
    assert.ok(isCovered(entry), `${fault.expectCause} is marked not covered, but ${fault.id} produces it`);
    assert.ok(entry.includes(fault.id), `LAB_COVERAGE.${fault.expectCause} does not list ${fault.id}`);
  }
});

test('every fault id named in LAB_COVERAGE exists and declares that cause', () => {
  const byId = new Map(ALL_FAULTS.map((f) => [f.id, f]));
  for (const id of CAUSE_IDS) {
    const entry = LAB_COVERAGE[id];
    if (!isCovered(entry)) {
      assert.ok(entry.why.length > 20, `${id}: the reason it is not covered is written out`);
      continue;
    }
    assert.ok(entry.length > 0, `${id}: a covered cause names at least one fault`);
    for (const faultId of entry) {
      assert.equal(byId.get(faultId)?.expectCause, id, `LAB_COVERAGE.${id} names ${faultId}`);
    }
  }
});

test('the causes without a fault are exactly those no target can produce on loopback', () => {
  const uncovered = CAUSE_IDS.filter((id) => !isCovered(LAB_COVERAGE[id]));
  assert.deepEqual(uncovered, [
    'upstream_unreachable',
    'upstream_draining_expired',
    'no_healthy_upstream',
    'no_upstream_configured',
    'upstream_overloaded',
    'client_aborted',
    'client_request_invalid',
    'client_request_timeout',
    'client_request_too_large',
    'client_request_headers_too_large',
    'proxy_overloaded',
    'proxy_internal_error',
    'proxy_unclassified_error',
  ]);
});
