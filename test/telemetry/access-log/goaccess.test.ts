// Does real ALB tooling read our `alb` lines? GoAccess (Debian goaccess) parses them with its
// built-in AWSALB format: every line valid, statuses and the 502 counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAlbLine } from '../../../src/telemetry/access-log/index.ts';
import { requireBinary } from '../../support/binaries.ts';
import { ALL_RECORDS } from './records.ts';

test('GoAccess --log-format=AWSALB parses every line we write', async (t) => {
  const goaccess = requireBinary(t, 'goaccess');
  if (!goaccess) return;
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-goaccess-'));
  try {
    const log = join(dir, 'access.log');
    const report = join(dir, 'report.json');
    const lines = Array.from({ length: 40 }, (_, i) => encodeAlbLine(ALL_RECORDS[i % ALL_RECORDS.length] as (typeof ALL_RECORDS)[number]));
    writeFileSync(log, lines.join(''));
    await new Promise<void>((resolve, reject) => {
      execFile(goaccess, [log, '--log-format=AWSALB', '--no-global-config', '-o', report], { timeout: 20_000 }, (error, _out, err) =>
        error ? reject(new Error(`goaccess failed: ${err}`)) : resolve(),
      );
    });
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
      general: { total_requests: number; valid_requests: number; failed_requests: number };
      status_codes: { data: { data: string; hits: { count: number }; items: { data: string; hits: { count: number } }[] }[] };
    };
    assert.deepEqual(
      { total: parsed.general.total_requests, valid: parsed.general.valid_requests, failed: parsed.general.failed_requests },
      { total: 40, valid: 40, failed: 0 },
    );
    const statuses = Object.fromEntries(parsed.status_codes.data.flatMap((group) => group.items.map((item) => [item.data.slice(0, 3), item.hits.count])));
    assert.equal(statuses['502'], 8, 'the gateway-made 502s are counted as 502s');
    assert.equal(statuses['200'], 16);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
