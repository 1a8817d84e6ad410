// Does the config read durations and sizes the way operators write them, and refuse the rest?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatSize, parseDuration, parseSize } from '../../src/config/units.ts';

test('durations: units, combinations and bare milliseconds', () => {
  const cases: [unknown, number][] = [
    ['250ms', 250], ['5s', 5_000], ['1m', 60_000], ['1h', 3_600_000], ['1m30s', 90_000],
    ['1.5s', 1_500], [' 75s ', 75_000], [1500, 1_500], ['2000', 2_000], ['0s', 0], [0, 0],
  ];
  for (const [input, ms] of cases) assert.deepEqual(parseDuration(input), { ok: true, value: ms }, String(input));
});

test('durations: what is not one is refused with a reason', () => {
  for (const input of ['fast', '5 seconds', '5S', '-1s', '0.5ms', '', 1.5, -3, true, null]) {
    const parsed = parseDuration(input);
    assert.equal(parsed.ok, false, String(input));
  }
});

test('sizes: binary k/m/g like NGINX, KiB forms, bare bytes', () => {
  const cases: [unknown, number][] = [
    ['512', 512], [512, 512], ['32k', 32_768], ['32K', 32_768], ['1m', 1_048_576], ['1g', 1_073_741_824],
    ['8KiB', 8_192], ['2MiB', 2_097_152], ['0', 0], ['100b', 100],
  ];
  for (const [input, bytes] of cases) assert.deepEqual(parseSize(input), { ok: true, value: bytes }, String(input));
  for (const input of ['32kb', 'big', '1.5m', '-1', 2.5, false]) assert.equal(parseSize(input).ok, false, String(input));
});

test('formatting round-trips to the shortest exact spelling', () => {
  assert.equal(formatDuration(75_000), '75s');
  assert.equal(formatDuration(90_000), '90s');
  assert.equal(formatDuration(60_000), '60s');
  assert.equal(formatDuration(120_000), '2m');
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatSize(32_768), '32k');
  assert.equal(formatSize(1_048_576), '1m');
  assert.equal(formatSize(1_000), '1000');
  for (const ms of [1, 999, 1_000, 61_001, 7_322_005]) assert.deepEqual(parseDuration(formatDuration(ms)), { ok: true, value: ms });
});
