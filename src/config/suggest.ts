// "Did you mean …?" for unknown keys and unknown pool names: the closest known word by edit distance,
// and the snake_case spelling of a camelCase key (the schema is snake_case throughout).

export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

/** Edit distance counting a swap of neighbours as one edit ("tsl" → "tls"): optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const d = (i: number, j: number) => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return d(a.length, b.length);
}

/** The known word the unknown one most likely meant, or null when none is close. */
export function closest(word: string, known: readonly string[]): string | null {
  const snake = snakeCase(word);
  if (known.includes(snake)) return snake;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(snake, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Accept up to a third of the word's length in edits (at least 1): "conect" → "connect", not "x" → "tls".
  return best !== null && bestDistance <= Math.max(1, Math.floor(snake.length / 3)) ? best : null;
}
