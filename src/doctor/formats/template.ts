// A log line described by a template of literals and variables (NGINX `log_format`, HAProxy
// `log-format`), compiled once into a matcher that records each variable's byte span in a
// preallocated array: matching a line allocates nothing.

export type VarShape =
  /** Ends at the next literal's first byte (or the end of the line). */
  | 'plain'
  /** NGINX upstream lists: "a, b : c" — items joined by ", " (next server) or " : " (internal redirect). */
  | 'list'
  /** A fixed-width value that may contain the next literal's byte ($time_local has a space). */
  | 'clf-time'
  /** HAProxy captured headers "{a|b}" followed by a space, or nothing at all when none are captured. */
  | 'braces';

export type Token = { readonly kind: 'lit'; readonly text: string } | { readonly kind: 'var'; readonly name: string; readonly shape: VarShape };

export interface CompiledTemplate {
  readonly tokens: readonly Token[];
  /** Index of each variable name's (first) token, for field lookups. */
  readonly index: ReadonlyMap<string, number>;
  /** [start, end] per token, filled by `match`. */
  readonly spans: Int32Array;
  match(buf: Uint8Array, start: number, end: number): boolean;
  /**
   * Matches only the tokens before `tokens` (a prefix), for the hot path: the fields after the last
   * one it needs (user agent, referer) are left for `match` on the lines that are decoded.
   */
  matchPrefix(buf: Uint8Array, start: number, end: number, tokens: number): boolean;
}

export function compileTokens(tokens: readonly Token[]): CompiledTemplate {
  // Merge adjacent literals; the matcher relies on literals and variables alternating.
  const merged: Token[] = [];
  for (const t of tokens) {
    const last = merged[merged.length - 1];
    if (t.kind === 'lit' && last?.kind === 'lit') merged[merged.length - 1] = { kind: 'lit', text: last.text + t.text };
    else if (t.kind !== 'lit' || t.text !== '') merged.push(t);
  }
  const index = new Map<string, number>();
  merged.forEach((t, i) => {
    if (t.kind === 'var' && !index.has(t.name)) index.set(t.name, i);
  });
  const spans = new Int32Array(merged.length * 2);
  const lits = merged.map((t) => (t.kind === 'lit' ? Uint8Array.from(Buffer.from(t.text, 'latin1')) : null));
  const count = merged.length;

  function match(buf: Uint8Array, start: number, end: number): boolean {
    return matchPrefix(buf, start, end, count);
  }

  function matchPrefix(buf: Uint8Array, start: number, end: number, upTo: number): boolean {
    let pos = start;
    for (let k = 0; k < upTo; k++) {
      const lit = lits[k];
      if (lit) {
        if (pos + lit.length > end) return false;
        for (let j = 0; j < lit.length; j++) if (buf[pos + j] !== lit[j]) return false;
        spans[k * 2] = pos;
        pos += lit.length;
        spans[k * 2 + 1] = pos;
        continue;
      }
      const token = merged[k] as Token & { kind: 'var' };
      const next = lits[k + 1];
      spans[k * 2] = pos;
      let stop: number;
      if (token.shape === 'braces') {
        if (buf[pos] === 0x7b) {
          let j = pos + 1;
          while (j < end && buf[j] !== 0x7d) j++;
          if (j >= end) return false;
          stop = j + 1;
          if (buf[stop] === 0x20) {
            spans[k * 2 + 1] = stop;
            pos = stop + 1;
            continue;
          }
        } else stop = pos;
        spans[k * 2 + 1] = stop;
        pos = stop;
        continue;
      }
      if (token.shape === 'clf-time') {
        stop = pos + 26 <= end && buf[pos + 20] === 0x20 ? pos + 26 : next ? scanTo(buf, pos, end, next) : end;
      } else if (next === null || next === undefined) {
        stop = end;
      } else {
        stop = scanTo(buf, pos, end, next);
        if (token.shape === 'list') {
          // Continue over ", " and " : " separators that belong to the list.
          while (stop >= 0 && stop < end) {
            if (buf[stop - 1] === 0x2c && buf[stop] === 0x20) stop = scanTo(buf, stop + 1, end, next);
            else if (buf[stop] === 0x20 && buf[stop + 1] === 0x3a && buf[stop + 2] === 0x20) stop = scanTo(buf, stop + 3, end, next);
            else break;
          }
        }
      }
      if (stop < 0) return false;
      spans[k * 2 + 1] = stop;
      pos = stop;
    }
    return upTo < count || pos === end || isBlank(buf, pos, end);
  }
  return { tokens: merged, index, spans, match, matchPrefix };
}

function isBlank(buf: Uint8Array, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (buf[i] !== 0x20 && buf[i] !== 0x0d) return false;
  return true;
}

/** Position of the next occurrence of the literal `lit` at or after `from`, or -1. */
function scanTo(buf: Uint8Array, from: number, end: number, lit: Uint8Array): number {
  const first = lit[0] as number;
  outer: for (let i = from; i < end; i++) {
    if (buf[i] !== first) continue;
    for (let j = 1; j < lit.length; j++) if (i + j >= end || buf[i + j] !== lit[j]) continue outer;
    return i;
  }
  return -1;
}

/** Span of a variable, or [-1, -1]. */
export function spanOf(t: CompiledTemplate, name: string): readonly [number, number] {
  const k = t.index.get(name);
  if (k === undefined) return [-1, -1];
  return [t.spans[k * 2] as number, t.spans[k * 2 + 1] as number];
}
