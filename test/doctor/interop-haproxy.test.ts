// Does the doctor name the right cause for each lab fault from real HAProxy logs (`option httplog`
// with the request id captured in braces)? Every fault HAProxy can observe must be classified right
// for at least 95% of its requests; the matrix is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { requireBinary } from '../support/binaries.ts';
import { diagnoseRun, runInterop } from './support/interop.ts';
import { renderMatrix } from './support/matrix.ts';

test('HAProxy: every fault HAProxy can observe is named right for >= 95% of requests', { timeout: 180_000 }, async (t) => {
  const haproxy = requireBinary(t, 'haproxy');
  if (haproxy === null) return;
  const run = await runInterop('haproxy', haproxy, 3);
  try {
    const { cells } = await diagnoseRun('haproxy', run.doctorInputs, run.doctorOptions, run.sent, run.dir);
    console.log(`# cause x format matrix (haproxy)\n${renderMatrix(cells).replace(/^/gm, '# ')}`);
    const observable = cells.filter((c) => c.observability.observable);
    assert.ok(observable.length >= 12, `expected the connect, timeout, head, body and 5xx faults to be observable through HAProxy, got ${observable.length}`);
    for (const c of observable) {
      assert.ok(c.share >= 0.95, `${c.fault}: expected ${c.expect} for >= 95% of ${c.sent} requests, got ${JSON.stringify(c.got)}`);
    }
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});
