// Durations on the command line and in proxy configs: "60s", "500ms", "1m", "1h", or a bare number
// of seconds (the unit NGINX and ALB settings use when none is written).
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string, bareUnit: 'ms' | 's' = 's'): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  const unit = match[2] ?? bareUnit;
  const factor = UNIT_MS[unit];
  if (factor === undefined) return null;
  return Math.round(Number(match[1]) * factor);
}

/** "5 s", "250 ms", "1.5 s": short and unambiguous for evidence lines. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}
