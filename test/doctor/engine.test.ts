// Does splitting a big file into newline-aligned byte ranges for worker threads give exactly the
// result of reading it in one pass (same counts, same causes, same line numbers per request), do
// gzip files and S3 directory layouts read the same, and are unreadable lines counted, never dropped?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runDoctor, buildReport, type PerRequestRecord } from '../../src/doctor/index.ts';
import { generateAlb } from '../../bench/doctor/generate.ts';

test('byte ranges over worker threads give the same tally and line numbers as one pass', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-engine-'));
  try {
    const file = join(dir, 'alb.log');
    generateAlb(file, 60_000); // ~38 MB: more than one 16 MB range
    const one = await runDoctor({ inputs: [file], workers: 0, perRequest: join(dir, 'one.jsonl') });
    const two = await runDoctor({ inputs: [file], workers: 2, perRequest: join(dir, 'two.jsonl') });
    assert.equal(two.tally.lines, 60_000);
    assert.equal(one.tally.lines, two.tally.lines);
    assert.deepEqual(two.tally.byClass, one.tally.byClass);
    assert.equal(two.tally.gateway5xx, one.tally.gateway5xx);
    const causes = (r: typeof one) => Object.fromEntries([...r.tally.causes.entries()].map(([k, v]) => [k, v.count]).sort());
    assert.deepEqual(causes(two), causes(one));
    const lines = (p: string) => readFileSync(p, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as PerRequestRecord).line);
    assert.deepEqual(lines(join(dir, 'two.jsonl')), lines(join(dir, 'one.jsonl')), 'per-request line numbers must not depend on the split');
    const text = readFileSync(file, 'utf8').split('\n');
    const rec = JSON.parse(readFileSync(join(dir, 'two.jsonl'), 'utf8').trim().split('\n').at(-1) as string) as PerRequestRecord;
    assert.match(text[rec.line - 1] as string, new RegExp(` ${rec.status} `), 'the line number points at the failed request');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an S3 download (AWSLogs/…/elasticloadbalancing/…/yyyy/mm/dd/*.log.gz) reads like the plain files, and bad lines are counted with examples', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-s3-'));
  try {
    const plain = join(dir, 'plain.log');
    generateAlb(plain, 3000);
    const body = readFileSync(plain);
    const day = join(dir, 'AWSLogs/123456789012/elasticloadbalancing/us-east-2/2026/11/20');
    mkdirSync(day, { recursive: true });
    const half = body.indexOf(10, body.length >> 1) + 1;
    writeFileSync(join(day, '123456789012_elasticloadbalancing_us-east-2_app.prod-alb.50dc6c495c0c9188_20261120T0005Z_10.0.0.1_a.log.gz'), gzipSync(body.subarray(0, half)));
    writeFileSync(join(day, '123456789012_elasticloadbalancing_us-east-2_app.prod-alb.50dc6c495c0c9188_20261120T0010Z_10.0.0.1_b.log.gz'), gzipSync(Buffer.concat([body.subarray(half), Buffer.from('garbage line one\nhttps truncated\n')])));
    const s3 = await runDoctor({ inputs: [join(dir, 'AWSLogs')], workers: 2 });
    const flat = await runDoctor({ inputs: [plain], workers: 0 });
    assert.equal(s3.tally.lines, 3002);
    assert.deepEqual(s3.tally.byClass, flat.tally.byClass);
    const report = buildReport(s3);
    assert.equal(report.summary.malformed, 2);
    const bad = report.files.find((f) => f.malformed > 0);
    assert.deepEqual(bad?.examples.map((e) => e.text), ['garbage line one', 'https truncated']);
    // Line numbers count within each file: the second file holds the rest of the 3000 lines, then the two bad ones.
    const firstFileLines = body.subarray(0, half).toString('latin1').split('\n').length - 1;
    const inSecond = 3000 - firstFileLines;
    assert.deepEqual(bad?.examples.map((e) => e.line), [inSecond + 1, inSecond + 2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
