// Durations and sizes as operators write them. Durations: `250ms`, `5s`, `1m`, `1h`, combined as
// `1m30s` (Go's and HAProxy's units), or a bare number of milliseconds. Sizes: `512`, `32k`, `1m`,
// `1g` — binary multiples like NGINX's `k`/`m` (1k = 1024 bytes), also `KiB`/`MiB`/`GiB`.

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** A duration in whole milliseconds, or why the text is not one. */
export function parseDuration(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0) return { ok: false, problem: `${input} is not a whole, non-negative number of milliseconds` };
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, problem: `expected a duration, got ${describe(input)}` };
  const text = input.trim();
  if (/^\d+$/.test(text)) return { ok: true, value: Number(text) };
  if (!DURATION.test(text)) return { ok: false, problem: `"${input}" is not a duration` };
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) ms += Number(amount) * (DURATION_UNIT_MS[unit ?? 'ms'] ?? 1);
  if (Math.abs(ms - Math.round(ms)) > 1e-6) return { ok: false, problem: `"${input}" is not a whole number of milliseconds` };
  return { ok: true, value: Math.round(ms) };
}

const SIZE_UNIT: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };
const SIZE = /^(\d+)\s*([a-z]*)$/i;

/** A size in bytes, or why the text is not one. */
export function parseSize(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 0) return { ok: false, problem: `${input} is not a whole, non-negative number of bytes` };
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, problem: `expected a size, got ${describe(input)}` };
  const match = SIZE.exec(input.trim());
  const factor = match ? SIZE_UNIT[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) return { ok: false, problem: `"${input}" is not a size` };
  return { ok: true, value: Number(match[1]) * factor };
}

/** An exact, readable spelling of a duration: 75000 → "75s", 60000 → "60s", 120000 → "2m", 250 → "250ms". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  // Minutes from 2m up: below that, seconds read as the peers write them ("60s", "90s").
  if (ms % 60_000 === 0 && ms >= 120_000) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** The shortest exact spelling of a size: 32768 → "32k", 1048576 → "1m", 1000 → "1000". */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the text "${value}"`;
  return `${typeof value} ${String(value)}`;
}
