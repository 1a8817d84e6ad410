// Quick mode, like `caddy reverse-proxy`: `gatewise serve --listen 127.0.0.1:8080 --upstream
// http://127.0.0.1:9000`. The flags become the same tree a YAML file would (listeners, one route `/`,
// one pool "default"), validated by the same schema walk, so both ways of starting share every
// check and every default. Problems name the flag instead of a line.
import { Document } from 'yaml';
import { buildConfig, type RawConfig } from './build.ts';
import { ConfigError, ConfigErrors, type ConfigWarning } from './errors.ts';
import type { GatewayConfig } from './model.ts';
import { SCHEMA } from './schema.ts';
import { createSourceContext, walkDocument } from './walk.ts';

export interface QuickFlags {
  /** One listener per `--listen host:port`. */
  readonly listen: readonly string[];
  /** One target per `--upstream http://host:port`, all in the pool "default". */
  readonly upstream: readonly string[];
  readonly accessLog?: string | null;
  readonly accessLogFormat?: string | null;
  /** `--admin host:port` turns the admin listener on. */
  readonly admin?: string | null;
  readonly adminToken?: string | null;
  /** `auto` or a count; a numeric string from the command line is accepted. */
  readonly workers?: string | number | null;
  readonly verboseErrors?: boolean;
  readonly trustedProxies?: readonly string[];
}

export const QUICK_POOL = 'default';
export const COMMAND_LINE = 'command line';

/** Flag spelling of a key path, for messages. */
function flagOf(keyPath: string): string {
  const rules: [RegExp, string][] = [
    [/^listeners(\[\d+\].*)?$/, '--listen'],
    [/^pools\.default\.targets(\[\d+\].*)?$/, '--upstream'],
    [/^pools/, '--upstream'],
    [/^access_log\.path$/, '--access-log'],
    [/^access_log\.format$/, '--access-log-format'],
    [/^admin\.listen$/, '--admin'],
    [/^admin\.token$/, '--admin-token'],
    [/^workers$/, '--workers'],
    [/^trusted_proxies/, '--trusted-proxy'],
    [/^verbose_errors$/, '--verbose-errors'],
  ];
  return rules.find(([pattern]) => pattern.test(keyPath))?.[1] ?? keyPath;
}

/** Fixes worded for flags where the schema's wording speaks YAML. */
const FLAG_FIXES: Record<string, string> = {
  'ERR_CONFIG_MISSING --listen': 'pass --listen host:port, e.g. --listen 127.0.0.1:8080',
  'ERR_CONFIG_MISSING --upstream': 'pass --upstream URL at least once, e.g. --upstream http://127.0.0.1:9000',
  'ERR_CONFIG_MISSING --admin-token': 'pass --admin-token SECRET, or bind the admin listener to 127.0.0.1',
};

/** Builds the config; warnings (e.g. a localhost upstream) go to `onWarning`, errors are thrown together. */
export function configFromFlags(flags: QuickFlags, onWarning?: (warning: ConfigWarning) => void): GatewayConfig {
  const tree: Record<string, unknown> = {
    listeners: flags.listen.map((listen, i) => ({ name: i === 0 ? 'main' : `main-${i + 1}`, listen })),
    routes: [{ path_prefix: '/', pool: QUICK_POOL }],
    pools: { [QUICK_POOL]: { targets: flags.upstream.map((url) => ({ url })) } },
  };
  if (flags.accessLog) tree.access_log = { path: flags.accessLog, ...(flags.accessLogFormat ? { format: flags.accessLogFormat } : {}) };
  if (flags.admin) tree.admin = { listen: flags.admin, ...(flags.adminToken ? { token: flags.adminToken } : {}) };
  if (flags.workers !== undefined && flags.workers !== null) {
    tree.workers = typeof flags.workers === 'string' && /^\d+$/.test(flags.workers) ? Number(flags.workers) : flags.workers;
  }
  if (flags.verboseErrors !== undefined) tree.verbose_errors = flags.verboseErrors;
  if (flags.trustedProxies && flags.trustedProxies.length > 0) tree.trusted_proxies = [...flags.trustedProxies];

  const ctx = createSourceContext(COMMAND_LINE);
  if (flags.accessLogFormat && !flags.accessLog) {
    ctx.report('ERR_CONFIG_CONFLICT', 'access_log.format', '--access-log-format without --access-log', 'add --access-log FILE (or - for standard output)');
  }
  if (flags.adminToken && !flags.admin) ctx.report('ERR_CONFIG_CONFLICT', 'admin.token', '--admin-token without --admin', 'add --admin host:port');
  const raw = walkDocument(ctx, new Document(tree), null, SCHEMA) as RawConfig;
  const { config, warnings } = buildConfig(ctx, raw, process.cwd());
  if (ctx.issues.length > 0) {
    const errors = ctx.issues.map((issue) => {
      const flag = flagOf(issue.keyPath);
      return new ConfigError({ ...issue, keyPath: flag, fix: FLAG_FIXES[`${issue.code} ${flag}`] ?? issue.fix });
    });
    throw new ConfigErrors(COMMAND_LINE, errors);
  }
  for (const warning of warnings) onWarning?.({ ...warning, keyPath: flagOf(warning.keyPath) });
  return config;
}
