// Compiles an HAProxy `log-format` string (configuration.txt §8.2.6 "Custom log format") into a
// matcher: `%name`, `%{flags}name`, `%[sample]`; `%%` is a literal `%` and `\ ` a space. The +Q
// flag quotes the value, so it becomes literal quotes around the variable.
import { LogFormatError } from './nginx-template.ts';
import { compileTokens, type CompiledTemplate, type Token } from './template.ts';

/** `option httplog` (configuration.txt §8.2.3, HAProxy 2.6). */
export const HAPROXY_HTTPLOG =
  '%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r';

export function compileHaproxyFormat(format: string): CompiledTemplate {
  const text = format.replace(/^log-format\s+/, '').replace(/^"(.*)"$/, '$1').replace(/\\ /g, ' ').replace(/\\"/g, '"');
  const tokens: Token[] = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c !== '%') {
      lit += c;
      i++;
      continue;
    }
    if (text[i + 1] === '%') {
      lit += '%';
      i += 2;
      continue;
    }
    let j = i + 1;
    let flags = '';
    if (text[j] === '{') {
      const close = text.indexOf('}', j);
      if (close < 0) throw new LogFormatError(`--haproxy-log-format: unclosed "{" at column ${j + 1}.`);
      flags = text.slice(j + 1, close);
      j = close + 1;
    }
    let name: string;
    if (text[j] === '[') {
      const close = text.indexOf(']', j);
      if (close < 0) throw new LogFormatError(`--haproxy-log-format: unclosed "[" at column ${j + 1}.`);
      name = text.slice(j, close + 1);
      j = close + 1;
    } else {
      const m = /^[A-Za-z]+/.exec(text.slice(j));
      if (!m) throw new LogFormatError(`--haproxy-log-format: "%" at column ${i + 1} is not followed by a variable name.`);
      name = m[0];
      j += name.length;
    }
    const quoted = flags.split(',').includes('+Q');
    if (name === 'hr' || name === 'hs') {
      // Captured headers print nothing (and no separator) when nothing is captured.
      tokens.push({ kind: 'lit', text: lit });
      tokens.push({ kind: 'var', name, shape: 'braces' });
      lit = '';
      if (text[j] === ' ') j++;
      i = j;
      continue;
    }
    tokens.push({ kind: 'lit', text: lit + (quoted ? '"' : '') });
    tokens.push({ kind: 'var', name, shape: 'plain' });
    lit = quoted ? '"' : '';
    i = j;
  }
  tokens.push({ kind: 'lit', text: lit });
  const compiled = compileTokens(tokens);
  if (!compiled.index.has('ST')) {
    throw new LogFormatError('--haproxy-log-format: the format has no %ST (status code); add %ST so errors can be found.');
  }
  return compiled;
}
