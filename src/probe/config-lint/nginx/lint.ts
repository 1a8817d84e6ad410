// Entry point of the NGINX checker: a config file (includes followed on disk) or `nginx -T` output.
import { readFileSync } from 'node:fs';
import { byPosition, type LintFinding, type LintOptions } from '../finding.ts';
import { diskSource, dumpSource, isNginxDump, parseNginx } from './parse.ts';
import { lintNginxTree } from './rules.ts';

export interface NginxLintResult {
  readonly main: string;
  readonly findings: readonly LintFinding[];
}

/** Lints `nginx -T` output given as text. */
export function lintNginxDump(text: string, options: LintOptions): NginxLintResult {
  const parsed = parseNginx(dumpSource(text));
  return { main: parsed.main, findings: lintNginxTree(parsed.directives, options).sort(byPosition) };
}

/** Lints a config file from disk, or a saved `nginx -T` output (recognised by its markers). */
export function lintNginxFile(path: string, options: LintOptions): NginxLintResult {
  const text = readFileSync(path, 'utf8');
  if (isNginxDump(text)) return lintNginxDump(text, options);
  const parsed = parseNginx(diskSource(path));
  return { main: parsed.main, findings: lintNginxTree(parsed.directives, options).sort(byPosition) };
}
