// haproxy.cfg as sections of keyword lines, each with its file and line. Grammar from HAProxy's
// configuration.txt §2: a section starts with its keyword at the start of a line's words; "#"
// starts a comment outside quotes; words split on blanks, with "…"/'…' quoting and "\" escapes.
import { readFileSync } from 'node:fs';

export interface HaLine {
  readonly words: readonly string[];
  readonly line: number;
}

export interface HaSection {
  readonly kind: string;
  readonly name: string | null;
  /** `backend b from NAME` / `defaults d from NAME` inheritance (HAProxy 2.4+). */
  readonly from: string | null;
  readonly file: string;
  readonly line: number;
  readonly lines: readonly HaLine[];
}

const SECTIONS = new Set([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'mailers',
  'program', 'http-errors', 'ring', 'cache', 'crt-store', 'traces', 'log-forward', 'fcgi-app',
]);

export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let started = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else if (c === '#') {
      break;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

export function parseHaproxy(text: string, file: string): HaSection[] {
  const sections: HaSection[] = [];
  let current: { kind: string; name: string | null; from: string | null; line: number; lines: HaLine[] } | null = null;
  const rows = text.split('\n');
  for (let index = 0; index < rows.length; index++) {
    const words = splitWords(rows[index] as string);
    const first = words[0];
    if (first === undefined) continue;
    const line = index + 1;
    if (SECTIONS.has(first)) {
      if (current) sections.push({ ...current, file });
      const fromAt = words.indexOf('from');
      current = { kind: first, name: words[1] !== undefined && words[1] !== 'from' ? words[1] : null, from: fromAt > 0 ? (words[fromAt + 1] ?? null) : null, line, lines: [] };
      continue;
    }
    current?.lines.push({ words, line });
  }
  if (current) sections.push({ ...current, file });
  return sections;
}

export function parseHaproxyFile(path: string): HaSection[] {
  return parseHaproxy(readFileSync(path, 'utf8'), path);
}
