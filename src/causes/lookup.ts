// Finding cause ids from what a person typed: "keepalive", "connect refused", "upstream_tls_timout".
// Used for "did you mean" lists; the catalogue itself is only ever indexed by exact id.
import { CAUSE_IDS, type CauseId } from './ids.ts';

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Words of an id or a query: "upstream_keepalive_race" → upstream, keepalive, race. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/**
 * Ids close to the query, best first: those containing it, those sharing its words (a word matches when
 * it is a prefix of an id word or within one edit of it), then those within a third of its length in edits.
 */
export function closeCauseIds(query: string, limit = 5): CauseId[] {
  const normalised = wordsOf(query).join('_');
  if (normalised.length === 0) return [];
  const queryWords = wordsOf(query);
  const scored: { id: CauseId; score: number }[] = [];
  for (const id of CAUSE_IDS) {
    const idWords = wordsOf(id);
    const distance = editDistance(normalised, id);
    let score = 0;
    if (id.includes(normalised)) score += 100 - (id.length - normalised.length);
    const shared = queryWords.filter((q) =>
      idWords.some((w) => w.startsWith(q) || (q.length > 3 && editDistance(q, w) <= 1)),
    ).length;
    score += (shared / queryWords.length) * 50 * (shared === queryWords.length ? 1.5 : 1);
    if (distance <= Math.max(1, Math.floor(normalised.length / 3))) score += 60 - distance;
    if (score > 0) scored.push({ id, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((s) => s.id);
}
