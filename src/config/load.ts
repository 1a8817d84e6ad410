// Reading a gatewise.yaml: YAML with positions (eemeli/yaml's LineCounter), the schema walk, the
// cross-checks, then — for a file on disk — whether the files it names can be read. Every problem is
// collected; `parseConfigText`/`loadConfigFile` throw them together, `checkConfig*` return them.
// Synchronous reads, as NGINX reads its config: a config file is small and read at start and reload,
// and node:fs/promises would cost every gateway process ≈ 2 MB of RSS for it.
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { buildConfig, type RawConfig } from './build.ts';
import { ConfigError, ConfigErrors, type ConfigIssue, type ConfigWarning } from './errors.ts';
import type { GatewayConfig } from './model.ts';
import { SCHEMA } from './schema.ts';
import { createSourceContext, walkDocument } from './walk.ts';

export interface ConfigCheck {
  /** The config when there are no errors (warnings allowed), else null. */
  readonly config: GatewayConfig | null;
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigWarning[];
}

export interface ParseOptions {
  /** Relative file paths in the config resolve against this; default: the source file's directory. */
  readonly baseDir?: string;
}

type At = (keyPath: string) => { line: number | null; column: number | null };

/** Validate config text; never throws for anything the text contains. */
export function checkConfigText(text: string, sourceName: string, options: ParseOptions = {}): ConfigCheck {
  return analyse(text, sourceName, options).check;
}

function analyse(text: string, sourceName: string, options: ParseOptions): { check: ConfigCheck; at: At } {
  const ctx = createSourceContext(sourceName);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  for (const error of doc.errors) {
    const { line, col } = lines.linePos(error.pos[0]);
    const problem = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '').replace(/\.$/, '') ?? 'invalid YAML';
    const fix = error.code === 'DUPLICATE_KEY' ? 'remove one of the two keys' : error.code === 'TAB_AS_INDENT' ? 'indent with spaces, not tabs' : 'fix the YAML syntax here (indentation uses spaces; quote values containing ": " or "#")';
    ctx.issues.push({ code: 'ERR_CONFIG_SYNTAX', file: sourceName, line, column: col, keyPath: '', problem, fix });
  }
  if (ctx.issues.length > 0) return { check: { config: null, errors: ctx.issues, warnings: [] }, at: ctx.at };
  // The walk checked every value against the schema, so the tree has RawConfig's shape (with
  // defaults where a value was wrong: such a tree only feeds cross-checks and is never returned).
  const raw = walkDocument(ctx, doc, lines, SCHEMA) as RawConfig | null;
  if (raw === null) return { check: { config: null, errors: ctx.issues, warnings: [] }, at: ctx.at };
  const { config, warnings } = buildConfig(ctx, raw, options.baseDir ?? dirname(resolve(sourceName)));
  const check = { config: ctx.issues.length === 0 ? config : null, errors: sortByLine(ctx.issues), warnings: sortByLine([...warnings]) };
  return { check, at: ctx.at };
}

function sortByLine<T extends { line: number | null; column: number | null }>(items: T[]): T[] {
  return items.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Validated config from YAML text, or throws `ConfigErrors` listing every problem. */
export function parseConfigText(text: string, sourceName: string, options: ParseOptions = {}): GatewayConfig {
  const result = checkConfigText(text, sourceName, options);
  if (result.config === null) throw new ConfigErrors(sourceName, result.errors.map((e) => new ConfigError(e)));
  return result.config;
}

/** Validate a file on disk, including that the certificate and key files it names are readable. */
export async function checkConfigFile(path: string): Promise<ConfigCheck> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return {
      config: null,
      warnings: [],
      errors: [{ code: 'ERR_CONFIG_FILE', file: path, line: null, column: null, keyPath: '', problem: `cannot read the config file (${reason})`, fix: 'check the path and its permissions' }],
    };
  }
  const { check: result, at } = analyse(text, path, {});
  if (result.config === null) return result;
  const missing = unreadableFiles(result.config, path, at);
  return missing.length === 0 ? result : { config: null, errors: missing, warnings: result.warnings };
}

/** Validated config from a file, or throws `ConfigErrors` listing every problem. */
export async function loadConfigFile(path: string, onWarning?: (warning: ConfigWarning) => void): Promise<GatewayConfig> {
  const result = await checkConfigFile(path);
  if (result.config === null) throw new ConfigErrors(path, result.errors.map((e) => new ConfigError(e)));
  for (const warning of result.warnings) onWarning?.(warning);
  return result.config;
}

function unreadableFiles(config: GatewayConfig, source: string, at: At): ConfigIssue[] {
  const named: { keyPath: string; file: string }[] = [];
  config.listeners.forEach((l, i) => {
    if (l.tls) named.push({ keyPath: `listeners[${i}].tls.cert`, file: l.tls.certFile }, { keyPath: `listeners[${i}].tls.key`, file: l.tls.keyFile });
  });
  for (const [name, pool] of config.pools) {
    for (const [key, file] of [['ca', pool.tls.caFile], ['cert', pool.tls.certFile], ['key', pool.tls.keyFile]] as const) {
      if (file !== null) named.push({ keyPath: `pools.${name}.tls.${key}`, file });
    }
  }
  const issues: ConfigIssue[] = [];
  for (const { keyPath, file } of named) {
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      const { line, column } = at(keyPath);
      issues.push({ code: 'ERR_CONFIG_FILE', file: source, line, column, keyPath, problem: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, fix: 'check the path (relative paths are relative to the config file) and its permissions' });
    }
  }
  return issues;
}
