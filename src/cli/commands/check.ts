// `gatewise check FILE…`: validate a config like `nginx -t`, but list every problem at once, each as
// `file:line:col: key.path: problem. Fix: …`. One checker per kind of config (ours, NGINX, HAProxy),
// chosen by --kind or detected from the file's name and content, so a new kind is one more entry.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { checkConfigFile, formatProblem } from '../../config/index.ts';
import { checkHaproxyConfig, checkNginxConfig } from '../../probe/config-lint/index.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { parseCommandArgs } from '../args.ts';

/** What one checker found in one file: lines already formatted `file:line:col: key: problem. Fix: …`. */
export interface CheckFindings {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** Set when this kind cannot be checked (yet): printed, and the file counts as failed. */
  readonly unsupported?: string;
}

export interface ConfigChecker {
  readonly kind: string;
  readonly label: string;
  /** Does this file look like this kind of config? Called with the first 64 KiB of text. */
  detect(path: string, head: string): boolean;
  check(path: string): Promise<CheckFindings>;
}

const gatewiseChecker: ConfigChecker = {
  kind: 'gatewise',
  label: 'Gatewise YAML',
  detect: (path, head) => ['.yaml', '.yml'].includes(extname(path).toLowerCase()) || /^(listeners|routes|pools)\s*:/m.test(head),
  async check(path) {
    const result = await checkConfigFile(path);
    return {
      errors: result.errors.map((e) => formatProblem(e)),
      warnings: result.warnings.map((w) => formatProblem(w, 'warning')),
    };
  },
};


/** In detection order: the first whose `detect` says yes checks the file. */
export const CHECKERS: ConfigChecker[] = [
  gatewiseChecker,
  // NGINX (a file tree or `nginx -T` output) and HAProxy: the mistakes behind 502s (src/probe/config-lint).
  { kind: 'nginx', label: 'NGINX', detect: (path, head) => /nginx/i.test(basename(path)) || /^\s*(http|server|upstream|events)\s*\{/m.test(head) || /\bproxy_pass\s/.test(head), check: (path) => checkNginxConfig(path) },
  { kind: 'haproxy', label: 'HAProxy', detect: (path, head) => /haproxy/i.test(basename(path)) || extname(path) === '.cfg' || /^\s*(frontend|backend|listen|defaults)\b/m.test(head), check: (path) => checkHaproxyConfig(path) },
];

const HELP = `gatewise check: validate a config file like "nginx -t", listing every problem at once.

Usage: gatewise check [--kind gatewise|nginx|haproxy] [--strict] FILE...

Each problem is printed as
  FILE:LINE:COLUMN: key.path: what is wrong. Fix: what to write instead.

Options:
  --kind KIND   the kind of config (default: detected from the file name and content)
  --strict      treat warnings (e.g. a keep-alive chain that will race) as problems

The kind is detected: *.yaml/*.yml or top-level listeners/routes/pools is a Gatewise config;
nginx.conf or http/server/upstream blocks is NGINX; haproxy.cfg or frontend/backend sections is
HAProxy. The keys are documented in docs/config.md.

NGINX (a config file, includes followed, or saved "nginx -T" output) and HAProxy configs are
checked for the mistakes behind 502s, each as FILE:LINE: rule: message [cause]. Fix: …
  errors: upstream ports where nothing listens on this host
  warnings: localhost upstreams (the ::1 trap), upstream keepalive without HTTP/1.1 and an empty
  Connection header, upstream idle timeouts not below a Node target's 5 s keep-alive, client
  keep-alive not above an ALB's 60 s idle timeout, small proxy_buffer_size, https upstreams
  without SNI, missing health checks, TCP-only checks, http-reuse always.

Exit codes: 0 valid (warnings allowed), 1 warnings with --strict, 2 errors or bad usage.
`;

async function checkOne(path: string, kind: string | undefined, strict: boolean, io: CliIo): Promise<ExitCode> {
  let head = '';
  try {
    head = (await readFile(path, 'utf8')).slice(0, 65536);
  } catch (error) {
    io.stderr.write(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}). Fix: check the path and its permissions.\n`);
    io.stderr.write(`gatewise: configuration file ${path} test failed\n`);
    return EXIT.usage;
  }
  const checker = kind === undefined ? CHECKERS.find((c) => c.detect(path, head)) : CHECKERS.find((c) => c.kind === kind);
  if (!checker) {
    io.stderr.write(`${path}: cannot tell what kind of config this is. Fix: pass --kind ${CHECKERS.map((c) => c.kind).join('|')}.\n`);
    return EXIT.usage;
  }
  const findings = await checker.check(path);
  if (findings.unsupported !== undefined) {
    io.stderr.write(`gatewise check: ${path}: ${findings.unsupported}.\n`);
    return EXIT.usage;
  }
  for (const line of findings.errors) io.stderr.write(`${line}\n`);
  for (const line of findings.warnings) io.stderr.write(`${io.err.yellow(line)}\n`);
  if (findings.errors.length > 0) {
    const count = findings.errors.length === 1 ? '1 error' : `${findings.errors.length} errors`;
    io.stderr.write(`gatewise: configuration file ${path} test failed (${count})\n`);
    return EXIT.usage;
  }
  if (strict && findings.warnings.length > 0) {
    const count = findings.warnings.length === 1 ? '1 warning' : `${findings.warnings.length} warnings`;
    io.stderr.write(`gatewise: configuration file ${path} test failed (${count}, --strict)\n`);
    return EXIT.problems;
  }
  io.stdout.write(`gatewise: configuration file ${path} test is successful\n`);
  return EXIT.ok;
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'validate a Gatewise config like nginx -t: every error with file, line, key and fix',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs({ args: [...argv], allowPositionals: true, options: { kind: { type: 'string' }, strict: { type: 'boolean', default: false } } });
    const { kind, strict } = parsed.values;
    if (kind !== undefined && !CHECKERS.some((c) => c.kind === kind)) throw new UsageError(`--kind must be one of ${CHECKERS.map((c) => c.kind).join(', ')}, not "${kind}"`);
    if (parsed.positionals.length === 0) throw new UsageError('name the config file to check, e.g. gatewise check gatewise.yaml');
    let worst: ExitCode = EXIT.ok;
    for (const path of parsed.positionals) {
      const code = await checkOne(path, kind, strict === true, io);
      if (code === EXIT.usage || (code === EXIT.problems && worst === EXIT.ok)) worst = code;
    }
    return worst;
  },
});
