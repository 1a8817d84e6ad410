// Compiles an NGINX `log_format` string (ngx_http_log_module) into a matcher. Variables are
// `$name` or `${name}`; everything else is literal. NGINX escapes `"` and control bytes in
// variable values as \xXX (`escape=default`), so a quoted variable ends at the next `"`.
import { compileTokens, type CompiledTemplate, type Token, type VarShape } from './template.ts';

/** The predefined `combined` format (ngx_http_log_module docs). */
export const NGINX_COMBINED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

export class LogFormatError extends Error {
  readonly code = 'ERR_CONFIG_LOG_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'LogFormatError';
  }
}

function shapeOf(name: string): VarShape {
  if (name === 'time_local') return 'clf-time';
  if (name.startsWith('upstream_')) return 'list';
  return 'plain';
}

export function compileNginxFormat(format: string): CompiledTemplate {
  const tokens: Token[] = [];
  const re = /\$\{([A-Za-z0-9_]+)\}|\$([A-Za-z0-9_]+)/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    tokens.push({ kind: 'lit', text: format.slice(last, m.index) });
    const name = (m[1] ?? m[2]) as string;
    const prev = tokens[tokens.length - 1];
    if (prev?.kind === 'lit' && prev.text === '' && tokens[tokens.length - 2]?.kind === 'var') {
      throw new LogFormatError(`--nginx-log-format: variables "$${(tokens[tokens.length - 2] as { name: string }).name}" and "$${name}" have no literal between them, so a line cannot be split; put a space or a character between them.`);
    }
    tokens.push({ kind: 'var', name, shape: shapeOf(name) });
    last = m.index + m[0].length;
  }
  tokens.push({ kind: 'lit', text: format.slice(last) });
  const compiled = compileTokens(tokens);
  if (!compiled.index.has('status')) {
    throw new LogFormatError('--nginx-log-format: the format has no $status, so errors cannot be found; add $status to the log_format.');
  }
  return compiled;
}

/** The format string bare, or as written in nginx.conf (`log_format name '…' '…';` or just the quoted parts). */
export function normaliseNginxFormat(text: string): string {
  const trimmed = text.trim();
  const decl = /^log_format\s+\S+\s+(?:escape=\S+\s+)?([\s\S]*?);?$/.exec(trimmed);
  const body = decl ? (decl[1] as string).trim() : trimmed;
  // Only a sequence of quoted strings is nginx.conf syntax; a bare format may contain quotes itself.
  if (!/^(?:'[^']*'|"(?:[^"\\]|\\.)*")(?:\s*(?:'[^']*'|"(?:[^"\\]|\\.)*"))*$/.test(body)) return body;
  const parts = [...body.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"/g)];
  return parts.map((p) => p[1] ?? (p[2] as string).replace(/\\"/g, '"')).join('');
}
