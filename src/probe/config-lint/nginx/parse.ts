// NGINX config as a tree of directives, each with the file and line it was written at. Reads either
// the output of `nginx -T` (every file after a "# configuration file PATH:" marker) or a file tree
// from disk, following `include` the way NGINX does: paths relative to the main file's directory,
// globs expanded in sorted order.
import { globSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { NginxSyntaxError, tokenize, type NginxToken } from './tokenize.ts';

export interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  readonly file: string;
  readonly line: number;
  /** The block's directives, for block directives (http, server, location, upstream…). */
  readonly block: readonly Directive[] | null;
}

/** Where file texts come from: a dump (`nginx -T`) or the disk. */
export interface NginxSource {
  readonly main: string;
  read(path: string): string | null;
  /** Paths matching an absolute include pattern, sorted. */
  expand(pattern: string): string[];
}

const MARKER = /^# configuration file (.+):$/;

export function isNginxDump(text: string): boolean {
  return text.split('\n', 200).some((line) => MARKER.test(line));
}

/** Splits `nginx -T` output into files; lines before the first marker (nginx's own messages) are dropped. */
export function dumpSource(text: string): NginxSource {
  const files = new Map<string, string>();
  let current: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (current !== null && !files.has(current)) files.set(current, lines.join('\n'));
  };
  for (const line of text.split('\n')) {
    const marker = MARKER.exec(line);
    if (marker) {
      flush();
      current = marker[1] as string;
      lines = [];
    } else if (current !== null) {
      lines.push(line);
    }
  }
  flush();
  const main = files.keys().next().value;
  if (main === undefined) throw new NginxSyntaxError('(nginx -T output)', 1, 'no "# configuration file" marker found');
  return {
    main,
    read: (path) => files.get(path) ?? null,
    expand: (pattern) => {
      const regex = globRegex(pattern);
      return [...files.keys()].filter((path) => regex.test(path)).sort();
    },
  };
}

export function diskSource(main: string): NginxSource {
  return {
    main: resolve(main),
    read: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    expand: (pattern) => (/[*?[]/.test(pattern) ? globSync(pattern).sort() : [pattern]),
  };
}

function globRegex(pattern: string): RegExp {
  let source = '';
  for (const c of pattern) {
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += /[.+^${}()|\\]/.test(c) ? `\\${c}` : c; // [ ] stay: a bracket class means the same in both
  }
  return new RegExp(`^${source}$`);
}

export interface ParsedNginx {
  readonly main: string;
  readonly directives: readonly Directive[];
  /** Include patterns that matched nothing, with where they were written. */
  readonly missingIncludes: readonly { file: string; line: number; pattern: string }[];
}

export function parseNginx(source: NginxSource): ParsedNginx {
  const prefix = dirname(source.main);
  const missingIncludes: { file: string; line: number; pattern: string }[] = [];
  const stack: string[] = [];
  const parseFile = (path: string): Directive[] => {
    const text = source.read(path);
    if (text === null) throw new NginxSyntaxError(path, 1, 'cannot read this file');
    if (stack.includes(path)) throw new NginxSyntaxError(path, 1, 'included from itself (an include loop)');
    stack.push(path);
    const tokens = tokenize(text, path);
    const position = { i: 0 };
    // NGINX reports an unexpected end of file at the line its counter reached: 1 + the newlines.
    const directives = parseBlock(tokens, position, path, false, text.split('\n').length);
    stack.pop();
    return directives;
  };
  const parseBlock = (tokens: NginxToken[], position: { i: number }, file: string, inBlock: boolean, eofLine: number): Directive[] => {
    const out: Directive[] = [];
    let words: { text: string; line: number }[] = [];
    while (position.i < tokens.length) {
      const token = tokens[position.i] as NginxToken;
      position.i += 1;
      if (token.kind === 'word') {
        words.push({ text: token.text, line: token.line });
        continue;
      }
      if (token.kind === '}') {
        if (!inBlock) throw new NginxSyntaxError(file, token.line, 'unexpected "}"');
        if (words.length > 0) throw new NginxSyntaxError(file, token.line, 'unexpected "}": a directive before it lacks ";"');
        return out;
      }
      const [head, ...rest] = words;
      if (head === undefined) throw new NginxSyntaxError(file, token.line, `unexpected "${token.kind}"`);
      const args = rest.map((w) => w.text);
      if (token.kind === '{') {
        out.push({ name: head.text, args, file, line: head.line, block: parseBlock(tokens, position, file, true, eofLine) });
      } else if (head.text === 'include' && args[0] !== undefined) {
        const pattern = isAbsolute(args[0]) ? args[0] : resolve(prefix, args[0]);
        const paths = source.expand(pattern);
        if (paths.length === 0 && !/[*?[]/.test(pattern)) missingIncludes.push({ file, line: head.line, pattern });
        for (const path of paths) out.push(...parseFile(path));
      } else {
        out.push({ name: head.text, args, file, line: head.line, block: null });
      }
      words = [];
    }
    if (inBlock) throw new NginxSyntaxError(file, eofLine, 'unexpected end of file: a "}" is missing');
    if (words.length > 0) throw new NginxSyntaxError(file, eofLine, 'unexpected end of file: ";" is missing');
    return out;
  };
  return { main: source.main, directives: parseFile(source.main), missingIncludes };
}
