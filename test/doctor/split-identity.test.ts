// Is the doctor's answer independent of how the work is split? The same generated ALB and NGINX
// logs, read whole in the main thread (workers: 0), by one worker thread over byte ranges and by two,
// must give the same report (every count, cause, example and line number) and the same
// --per-request records. Only the timing fields may differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, runDoctor } from '../../src/doctor/index.ts';
import { generateAlb, generateNginx } from '../../bench/doctor/generate.ts';

async function reportWith(file: string, workers: number, records: string): Promise<unknown> {
  const result = await runDoctor({ inputs: [file], workers, perRequest: records });
  const report = buildReport(result) as { summary: { elapsedMs: number; linesPerSecond: number } };
  report.summary.elapsedMs = 0;
  report.summary.linesPerSecond = 0;
  return JSON.parse(JSON.stringify(report));
}

for (const [name, lines, generate] of [
  ['ALB', 60_000, generateAlb], // ~38 MB: three 16 MB ranges
  ['NGINX', 120_000, generateNginx], // ~22 MB: two ranges
] as const) {
  test(`${name}: whole file, one worker and two workers give identical reports and per-request records`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatewise-split-'));
    try {
      const file = join(dir, 'access.log');
      generate(file, lines);
      const whole = await reportWith(file, 0, join(dir, 'w0.jsonl'));
      const one = await reportWith(file, 1, join(dir, 'w1.jsonl'));
      const two = await reportWith(file, 2, join(dir, 'w2.jsonl'));
      assert.equal((whole as { summary: { lines: number } }).summary.lines, lines);
      assert.deepEqual(one, whole, 'one worker over ranges differs from the whole-file pass');
      assert.deepEqual(two, whole, 'two workers differ from the whole-file pass');
      const w0 = readFileSync(join(dir, 'w0.jsonl'), 'utf8');
      assert.ok(w0.length > 0, 'the generated log has failures to record');
      assert.equal(readFileSync(join(dir, 'w1.jsonl'), 'utf8'), w0, 'per-request records (one worker) differ');
      assert.equal(readFileSync(join(dir, 'w2.jsonl'), 'utf8'), w0, 'per-request records (two workers) differ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
