// A log-linear latency histogram in the manner of HdrHistogram (Gil Tene): values below 128 µs are
// exact, above that each power of two is cut into 64 buckets, so any reported percentile is within
// 1/64 (≈1.6 %) of the true value with a fixed, small memory and O(1) recording.
// Percentiles are reported as the bucket's upper bound (never flattering); the maximum is exact.

const SUB_BITS = 6;
const SUB_COUNT = 1 << SUB_BITS; // 64 buckets per octave
const LINEAR_LIMIT = SUB_COUNT * 2; // 128: below this, one bucket per microsecond
const MAX_VALUE = 2 ** 31 - 1; // µs, ≈ 36 minutes: anything longer is clamped
const BUCKETS = LINEAR_LIMIT + (31 - 7) * SUB_COUNT;

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface Histogram {
  record(microseconds: number): void;
  percentile(q: number): number;
  summary(): Percentiles;
  readonly count: number;
}

function indexOf(value: number): number {
  if (value < LINEAR_LIMIT) return value;
  const exponent = 31 - Math.clz32(value); // ≥ 7
  const shift = exponent - SUB_BITS;
  return LINEAR_LIMIT + (exponent - 7) * SUB_COUNT + ((value >>> shift) - SUB_COUNT);
}

function upperBoundOf(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const octave = Math.floor((index - LINEAR_LIMIT) / SUB_COUNT);
  const sub = (index - LINEAR_LIMIT) % SUB_COUNT;
  const shift = octave + 7 - SUB_BITS;
  return ((SUB_COUNT + sub + 1) << shift) - 1;
}

export function createHistogram(): Histogram {
  const counts = new Float64Array(BUCKETS);
  let total = 0;
  let max = 0;
  const percentile = (q: number): number => {
    if (total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += counts[i] ?? 0;
      if (seen >= rank) return Math.min(upperBoundOf(i), max);
    }
    return max;
  };
  return {
    record(microseconds: number): void {
      const value = Math.min(MAX_VALUE, Math.max(0, Math.floor(microseconds)));
      const i = indexOf(value);
      counts[i] = (counts[i] ?? 0) + 1;
      total++;
      if (value > max) max = value;
    },
    percentile,
    summary(): Percentiles {
      return { count: total, p50: percentile(0.5), p90: percentile(0.9), p99: percentile(0.99), p999: percentile(0.999), max };
    },
    get count(): number {
      return total;
    },
  };
}
