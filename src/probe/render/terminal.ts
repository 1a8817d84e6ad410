// Terminal report: one line per check with a mark, then for warnings and failures the evidence and
// the fix, indented; a last line with the verdict and the time taken.
import { formatMs } from '../duration.ts';
import type { CheckResult, CheckStatus } from '../result.ts';
import type { ProbeReport } from '../run.ts';

/** The colouring the CLI passes in (its Style fits); plain identity functions give plain text. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const MARKS: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

export function renderResult(result: CheckResult, style: Paint): string {
  const colour = { pass: style.green, warn: style.yellow, fail: style.red, skip: style.dim }[result.status];
  const head = `${colour(MARKS[result.status])} ${style.bold(result.check.padEnd(12))} ${result.summary}${result.cause ? `  ${style.cyan(`[${result.cause}]`)}` : ''}`;
  if (result.status === 'pass' || result.status === 'skip') return `${head}\n`;
  const lines = [head, ...result.evidence.map((e) => `    ${style.dim('·')} ${e}`)];
  if (result.fix) lines.push(`    ${style.bold('fix:')} ${result.fix}`);
  return `${lines.join('\n')}\n`;
}

export function renderSummary(report: ProbeReport, style: Paint): string {
  const count = (status: CheckStatus) => report.results.filter((r) => r.status === status).length;
  const fails = count('fail');
  const verdict = fails > 0 ? style.red(`${fails} failed`) : style.green('no failure');
  return `\n${verdict}, ${count('warn')} warning(s), ${count('pass')} passed, ${count('skip')} skipped — ${report.url} probed in ${formatMs(report.durationMs)}\n`;
}
