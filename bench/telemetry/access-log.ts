// How much does one access-log line cost on the gateway's hot path? Encodes the example records
// (clean 200, gateway 502, retry, client abort, hostile input) in a loop, for each encoding, and
// prints nanoseconds of CPU per line (process CPU time: the figure that stays stable on a shared
// machine; wall time alongside); then the whole writer per line (encode, queue, batch, the
// thread-pool file writes included). Run: npm run bench:access-log
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

const cpuNs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

function measure(label: string, run: (record: ExchangeRecord) => unknown): void {
  let sink = 0;
  for (let i = 0; i < 50_000; i++) sink += String(run(records[i & 1023] as ExchangeRecord)).length; // warm-up
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const c0 = cpuNs();
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < LINES; i++) sink += String(run(records[i & 1023] as ExchangeRecord)).length;
    wall.push(Number(process.hrtime.bigint() - w0) / LINES);
    cpu.push((cpuNs() - c0) / LINES);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(`${label.padEnd(34)} ${median(cpu).toFixed(0).padStart(6)} ns CPU/line  ${median(wall).toFixed(0).padStart(6)} ns wall/line  (median of ${ROUNDS} × ${LINES} lines)${sink < 0 ? '' : ''}`);
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
    const c0 = cpuNs();
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < total; i++) {
      log.write(records[i & 1023] as ExchangeRecord);
      // Yield now and then as a server does, so batches are written while lines keep coming.
      if ((i & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    const cpu = (cpuNs() - c0) / total;
    const wall = Number(process.hrtime.bigint() - w0) / total;
    console.log(`${`writer ${format} to a file, all in`.padEnd(34)} ${cpu.toFixed(0).padStart(6)} ns CPU/line  ${wall.toFixed(0).padStart(6)} ns wall/line  (${log.writtenLines} written, ${log.droppedLines} dropped: buffer full)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
