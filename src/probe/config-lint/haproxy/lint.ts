// Entry point of the HAProxy checker: one haproxy.cfg.
import { byPosition, type LintFinding, type LintOptions } from '../finding.ts';
import { parseHaproxyFile } from './parse.ts';
import { lintHaproxySections } from './rules.ts';

export function lintHaproxyFile(path: string, options: LintOptions): readonly LintFinding[] {
  return lintHaproxySections(parseHaproxyFile(path), options).sort(byPosition);
}
