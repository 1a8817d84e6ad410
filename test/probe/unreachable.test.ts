// Does the probe tell "no route to the host" (upstream_unreachable) from refused and dropped? The
// probe runs inside a fresh network namespace holding only a loopback interface, so a connect to
// 10.255.255.1 fails with ENETUNREACH at once and no packet leaves the machine. Where namespaces
// cannot be made (not root), the test is skipped with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { findBinary } from '../support/binaries.ts';

const BIN = resolve(import.meta.dirname, '../../bin/gatewise.js');

test('no route inside an empty network namespace: tcp fails with upstream_unreachable', (t) => {
  const unshare = findBinary('unshare');
  const allowed = unshare !== null && spawnSync(unshare, ['-n', 'true']).status === 0;
  if (!allowed) {
    const reason = 'needs unshare -n (root or CAP_SYS_ADMIN) to make an empty network namespace';
    console.log(`# skipped: ${t.name}: ${reason}`);
    return t.skip(reason);
  }
  const script = `ip link set lo up && exec "${process.execPath}" "${BIN}" probe http://10.255.255.1:80/ --json --timeout 1s`;
  const run = spawnSync(unshare as string, ['-n', 'sh', '-c', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { results: { check: string; status: string; cause: string | null; evidence: string[] }[] };
  const tcp = report.results.find((r) => r.check === 'tcp');
  assert.equal(tcp?.status, 'fail');
  assert.equal(tcp?.cause, 'upstream_unreachable');
  assert.match(tcp?.evidence[0] ?? '', /unreachable \(ENETUNREACH\)/);
  assert.equal(report.results.find((r) => r.check === 'listeners')?.status, 'skip', 'a remote address has no local listeners to read');
});
