// How much does one access-log line cost on the gateway's hot path? Encodes the example records
// (clean 200, gateway 502, retry, client abort, hostile input) in a loop, for each encoding, and
// prints nanoseconds per line; then the writer's cost per write() (encode + queue), with its
// batched file writes running. Run: npm run bench:access-log
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccessLog, encodeAlbLine, encodeJsonLine } from '../../src/telemetry/access-log/index.ts';
import type { ExchangeRecord } from '../../src/telemetry/exchange-record.ts';
import { ALL_RECORDS } from '../../test/telemetry/access-log/records.ts';

const LINES = Number(process.env.LINES ?? 500_000);
const ROUNDS = 5;

// Vary the end time so the per-second date cache is exercised as in real traffic (≈1000 lines/s of log time).
const records: ExchangeRecord[] = Array.from({ length: 1024 }, (_, i) => {
  const r = ALL_RECORDS[i % ALL_RECORDS.length] as ExchangeRecord;
  return { ...r, endedAtMs: r.endedAtMs + i, startedAtMs: r.startedAtMs + i };
});

function measure(label: string, run: (record: ExchangeRecord) => unknown): void {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += String(run(records[i & 1023] as ExchangeRecord)).length; // warm-up
  const results: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < LINES; i++) sink += String(run(records[i & 1023] as ExchangeRecord)).length;
    results.push(Number(process.hrtime.bigint() - start) / LINES);
  }
  results.sort((a, b) => a - b);
  const median = results[Math.floor(ROUNDS / 2)] ?? 0;
  console.log(`${label.padEnd(34)} ${median.toFixed(0).padStart(6)} ns/line  (median of ${ROUNDS} × ${LINES} lines; min ${results[0]?.toFixed(0)} ns)${sink < 0 ? '' : ''}`);
}

console.log(`node ${process.version}, ${ALL_RECORDS.length} example records cycled`);
measure('encode alb', encodeAlbLine);
measure('encode json', encodeJsonLine);

const dir = mkdtempSync(join(tmpdir(), 'gatewise-bench-access-log-'));
try {
  for (const format of ['alb', 'json'] as const) {
    const log = createAccessLog({ path: join(dir, `${format}.log`), format });
    await log.ready();
    const total = 200_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < total; i++) {
      log.write(records[i & 1023] as ExchangeRecord);
      // Yield now and then as a server does, so batches are written while lines keep coming.
      if ((i & 1023) === 1023) await new Promise((resolve) => setImmediate(resolve));
    }
    const writeNs = Number(process.hrtime.bigint() - start) / total;
    await log.close();
    console.log(`${`writer.write() ${format} (to a file)`.padEnd(34)} ${writeNs.toFixed(0).padStart(6)} ns/line  (${log.writtenLines} written, ${log.droppedLines} dropped)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
