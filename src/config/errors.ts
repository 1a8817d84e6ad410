// Config problems are coded program errors (DESIGN §9): each names the file, line, column and key
// path, says what is wrong and how to fix it. The loader collects every problem in one pass and
// throws them together (`ConfigErrors`), so an operator fixes a file in one round, unlike `nginx -t`
// which stops at the first error.

/** Every error code with what it means (docs/config.md lists them from here). */
export const CONFIG_ERROR_MEANINGS = {
  ERR_CONFIG_SYNTAX: 'Not valid YAML, or a key written twice in one map.',
  ERR_CONFIG_UNKNOWN_KEY: 'A key the schema does not have; the message suggests the closest known key.',
  ERR_CONFIG_TYPE: 'The wrong kind of value: a list where a map belongs, `fast` for a duration.',
  ERR_CONFIG_VALUE: 'The right kind of value but unusable: a target URL without a port, a path prefix without `/`.',
  ERR_CONFIG_RANGE: 'A number out of its range: a port above 65535, `attempts: 0`.',
  ERR_CONFIG_MISSING: 'A required key or entry is absent: no listeners, a pool without targets, an exposed admin listener without a token.',
  ERR_CONFIG_DUPLICATE: 'Two listeners on one address or with one name, a target listed twice, two routes for the same host and path.',
  ERR_CONFIG_REFERENCE: 'A route names a pool that does not exist.',
  ERR_CONFIG_CONFLICT: 'Settings that contradict each other: `hash_on` without `balance: consistent_hash`, a client `cert` without its `key`.',
  ERR_CONFIG_FILE: 'The config file, or a certificate, key or CA file it names, cannot be read.',
} as const;
export type ConfigErrorCode = keyof typeof CONFIG_ERROR_MEANINGS;
export const CONFIG_ERROR_CODES = Object.keys(CONFIG_ERROR_MEANINGS) as ConfigErrorCode[];

/** Warnings: the config works but a chain of proxies built on it is likely to fail. */
export const CONFIG_WARNING_MEANINGS = {
  WARN_CONFIG_CLIENT_IDLE_AT_LB_IDLE: '`client.timeouts.idle` ≤ 60 s: behind an AWS ALB (idle timeout 60 s) the gateway closes connections the ALB is about to reuse, and the ALB answers 502.',
  WARN_CONFIG_UPSTREAM_IDLE_AT_NODE_IDLE: "A pool's `keep_alive.idle_timeout` ≥ 5 s, Node's default `keepAliveTimeout`: a Node target closes idle sockets before the gateway retires them (`upstream_keepalive_race`).",
  WARN_CONFIG_WEIGHT_IGNORED: 'Targets have weights but the balance policy ignores them.',
  WARN_CONFIG_HEALTH_TIMEOUT: "A pool's `health_check.timeout` is not below its `interval`: a slow check delays the next one (ALB requires timeout < interval).",
  WARN_CONFIG_LOCALHOST_TARGET: 'A target URL names `localhost`, which may resolve to `::1` while the app listens on `127.0.0.1` only (or the reverse): connection refused on one address family.',
} as const;
export type ConfigWarningCode = keyof typeof CONFIG_WARNING_MEANINGS;

/** Where in the source a problem is. Line and column are 1-based; null when the source has no lines (flags). */
export interface ConfigLocation {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  /** Dotted key path as written in the YAML, e.g. `pools.api.timeouts.connect`, `routes[1].pool`. */
  readonly keyPath: string;
}

export interface ConfigProblem<Code extends string> extends ConfigLocation {
  readonly code: Code;
  /** What is wrong, without a trailing period. */
  readonly problem: string;
  /** What to write instead, without a trailing period. */
  readonly fix: string;
}

export type ConfigIssue = ConfigProblem<ConfigErrorCode>;
export type ConfigWarning = ConfigProblem<ConfigWarningCode>;

/** `file:line:col: key.path: problem. Fix: fix.` — the compiler-style line editors can jump to. */
export function formatProblem(p: ConfigProblem<string>, severity: '' | 'warning' = ''): string {
  const location = p.line === null ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  const where = severity === '' ? location : `${location}: ${severity}`;
  const key = p.keyPath === '' ? '' : ` ${p.keyPath}:`;
  return `${where}:${key} ${p.problem}. Fix: ${p.fix}${/[.?!]$/.test(p.fix) ? '' : '.'}`;
}

export class ConfigError extends Error implements ConfigIssue {
  readonly code: ConfigErrorCode;
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly keyPath: string;
  readonly problem: string;
  readonly fix: string;

  constructor(issue: ConfigIssue) {
    super(formatProblem(issue));
    this.name = 'ConfigError';
    this.code = issue.code;
    this.file = issue.file;
    this.line = issue.line;
    this.column = issue.column;
    this.keyPath = issue.keyPath;
    this.problem = issue.problem;
    this.fix = issue.fix;
  }
}

/** Every error found in one config, thrown together. Its message lists each on its own line. */
export class ConfigErrors extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
  readonly file: string;
  readonly errors: readonly ConfigError[];

  constructor(file: string, errors: readonly ConfigError[]) {
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    super(`${count} in ${file}:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
    this.name = 'ConfigErrors';
    this.file = file;
    this.errors = errors;
  }
}
