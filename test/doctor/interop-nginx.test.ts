// Does the doctor name the right cause for each lab fault from real NGINX logs (access log with
// $upstream_* and the request id, joined with the error log)? Every fault NGINX can observe must be
// classified right for at least 95% of its requests; the matrix is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { requireBinary } from '../support/binaries.ts';
import { runDoctor } from '../../src/doctor/index.ts';
import { diagnoseRun, runInterop } from './support/interop.ts';
import { renderMatrix } from './support/matrix.ts';

test('NGINX: every fault NGINX can observe is named right for >= 95% of requests', { timeout: 180_000 }, async (t) => {
  const nginx = requireBinary(t, 'nginx', 'nginx-light');
  if (nginx === null) return;
  const run = await runInterop('nginx', nginx, 3);
  try {
    const { cells } = await diagnoseRun('nginx', run.doctorInputs, run.doctorOptions, run.sent, run.dir);
    console.log(`# cause x format matrix (nginx)\n${renderMatrix(cells).replace(/^/gm, '# ')}`);
    const observable = cells.filter((c) => c.observability.observable);
    assert.ok(observable.length >= 25, `expected most lab faults to be observable through NGINX, got ${observable.length}`);
    for (const c of observable) {
      assert.ok(c.share >= 0.95, `${c.fault}: expected ${c.expect} for >= 95% of ${c.sent} requests, got ${JSON.stringify(c.got)}`);
    }

    // The same traffic in plain `combined` (no request id, no $connection, no $upstream_*): joined
    // with the error log by client and request line, the error lines must get the same causes.
    const full = await runDoctor({ inputs: run.doctorInputs, ...run.doctorOptions, workers: 0 });
    const combined = await runDoctor({ inputs: [run.logs['access-combined.log'] as string, run.logs['error.log'] as string], workers: 0 });
    const count = (r: typeof full) => Object.fromEntries([...r.tally.causes.entries()].filter(([id]) => id !== 'upstream_5xx' && id !== 'client_aborted').map(([id, c]) => [id, c.count]).sort());
    assert.deepEqual(count(combined), count(full), 'combined + error log should name the same causes as the detailed format');
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});
