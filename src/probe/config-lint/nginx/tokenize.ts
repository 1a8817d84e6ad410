// The NGINX configuration grammar, as ngx_conf_file.c reads it: words separated by whitespace,
// ";" ending a directive, "{" "}" around blocks, "#" starting a comment at the beginning of a word,
// "..." and '...' quoting with backslash escapes, and "${var}" braces inside a word.
export type NginxToken =
  | { readonly kind: 'word'; readonly text: string; readonly line: number; readonly quoted: boolean }
  | { readonly kind: ';' | '{' | '}'; readonly line: number };

export class NginxSyntaxError extends Error {
  readonly code = 'ERR_CONFIG_NGINX_SYNTAX';
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, what: string) {
    super(`${file}:${line}: ${what}; check the quotes and braces there (nginx -t shows the same place)`);
    this.file = file;
    this.line = line;
  }
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

export function tokenize(text: string, file: string): NginxToken[] {
  const tokens: NginxToken[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (SPACE.has(c)) {
      i += 1;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === ';' || c === '{' || c === '}') {
      tokens.push({ kind: c, line });
      i += 1;
    } else if (c === '"' || c === "'") {
      const start = line;
      let value = '';
      i += 1;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1] as string;
          value += next === c || next === '\\' ? next : `\\${next}`;
          i += 2;
          continue;
        }
        if (text[i] === '\n') line += 1;
        value += text[i];
        i += 1;
      }
      if (i >= text.length) throw new NginxSyntaxError(file, start, `unterminated ${c}-quoted string`);
      i += 1;
      tokens.push({ kind: 'word', text: value, line: start, quoted: true });
    } else {
      let value = '';
      while (i < text.length) {
        const d = text[i] as string;
        if (SPACE.has(d) || d === ';' || d === '{' || d === '}') {
          // "${name}" keeps its braces inside the word.
          if (d === '{' && value.endsWith('$')) {
            const close = text.indexOf('}', i);
            if (close < 0) throw new NginxSyntaxError(file, line, 'unterminated "${"');
            value += text.slice(i, close + 1);
            i = close + 1;
            continue;
          }
          break;
        }
        if (d === '\\' && i + 1 < text.length) {
          value += text.slice(i, i + 2);
          i += 2;
          continue;
        }
        value += d;
        i += 1;
      }
      tokens.push({ kind: 'word', text: value, line, quoted: false });
    }
  }
  return tokens;
}
