// The demo's terminal output: the live block (redrawn in place on a terminal), the one-line
// progress for logs and pipes, and the final summary with each seen cause's fix from the catalogue.
import { causeOf, type CauseId } from '../../causes/index.ts';
import { statusOf } from '../../causes/cause.ts';
import type { Style } from '../style.ts';
import type { Tally } from './tally.ts';
import type { ClientCounts } from './traffic.ts';

export interface DemoView {
  readonly gateway: string;
  readonly ratePerSec: number;
  readonly durationMs: number;
  readonly elapsedMs: number;
  readonly client: ClientCounts;
  readonly tally: Tally;
  readonly targets: readonly { readonly name: string; readonly port: number; readonly behaviour: string }[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function sorted<K>(map: ReadonlyMap<K, number>): [K, number][] {
  return [...map].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
}

function statusLine(map: ReadonlyMap<number, number>): string {
  const parts = [...map].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status} ×${n}`);
  return parts.length > 0 ? parts.join('  ') : 'none yet';
}

function causeStatus(id: CauseId): string {
  const status = statusOf(causeOf(id));
  return status === null ? 'cut' : String(status);
}

/** The summary block; `final` once the run is over. */
export function summaryLines(view: DemoView, style: Style, final = false): string[] {
  const none = final ? '    none' : '    none yet';
  const { bold, dim, red, green, yellow, cyan } = style;
  const { tally, client } = view;
  const lines: string[] = [];
  lines.push(
    `${bold('gatewise demo')}  ${seconds(Math.min(view.elapsedMs, view.durationMs))} of ${seconds(view.durationMs)}  ·  ${view.ratePerSec} req/s  ·  gateway ${view.gateway}`,
  );
  const clientErrors = sorted(client.errors).map(([code, n]) => `${code} ×${n}`).join('  ');
  lines.push(
    `  requests   ${client.sent} sent, ${tally.requests} logged by the gateway` +
      (client.skipped > 0 ? `, ${client.skipped} not sent (in-flight cap)` : '') +
      (clientErrors ? `, client-side errors: ${clientErrors}` : ''),
  );
  lines.push(`  responses  ${statusLine(tally.byStatus)}`);
  const errorWidth = Math.max(0, ...[...tally.errors.keys(), ...tally.recovered.keys()].map((id) => id.length));
  lines.push(bold('  gateway-made errors') + dim(' (status, cause, count, what it means)'));
  if (tally.errors.size === 0) lines.push(dim(none));
  for (const [id, n] of sorted(tally.errors)) {
    lines.push(`    ${red(causeStatus(id))}  ${cyan(id.padEnd(errorWidth))}  ×${String(n).padEnd(4)} ${causeOf(id).title}`);
  }
  lines.push(bold('  recovered by a retry') + dim(' (the client got a good answer)'));
  if (tally.recovered.size === 0) lines.push(dim(none));
  for (const [id, n] of sorted(tally.recovered)) lines.push(`    ${green('ok ')}  ${cyan(id.padEnd(errorWidth))}  ×${n}`);
  const nameWidth = Math.max(...view.targets.map((t) => t.name.length));
  lines.push(bold('  targets') + dim(' (round robin; attempts, answered, failed attempts by cause)'));
  for (const t of tally.targets) {
    const failed = sorted(t.failed).map(([id, n]) => `${id} ×${n}`).join('  ');
    lines.push(
      `    ${t.name.padEnd(nameWidth)}  :${t.port}  ${String(t.attempts).padStart(5)} attempts  ${String(t.answered).padStart(5)} answered  ${failed ? yellow(failed) : dim('no failures')}`,
    );
  }
  return lines;
}

/** One line per tick when the output is not a terminal (CI logs, pipes). */
export function progressLine(view: DemoView): string {
  const errors = sorted(view.tally.errors).map(([id, n]) => `${id} ×${n}`).join(', ') || 'none';
  const recovered = sorted(view.tally.recovered).map(([id, n]) => `${id} ×${n}`).join(', ') || 'none';
  return `gatewise demo ${seconds(Math.min(view.elapsedMs, view.durationMs))}/${seconds(view.durationMs)}: ${view.client.sent} sent, ${view.tally.requests} logged; ${statusLine(view.tally.byStatus)}; errors: ${errors}; recovered: ${recovered}`;
}

export interface FinalInfo {
  readonly accessLog: string;
  /** The gateway config the demo ran, saved as YAML. */
  readonly config: string;
  readonly accessLogFormat: string;
  readonly linesWritten: number;
  readonly linesDropped: number;
  readonly interrupted: boolean;
}

/** The summary, then the fix for each cause seen, the access log and what to try next. */
export function finalLines(view: DemoView, info: FinalInfo, style: Style): string[] {
  const { bold, dim, cyan } = style;
  const lines = [info.interrupted ? bold('Interrupted: the demo stopped early.') : bold('Done.'), ...summaryLines(view, style, true), ''];
  const seen = [...new Set<CauseId>([...view.tally.errors.keys(), ...view.tally.recovered.keys()])];
  if (seen.length > 0) {
    lines.push(bold('What to do') + dim(' (the first remedy of each cause seen; the rest: gatewise causes <id>)'));
    for (const id of seen.sort()) {
      const remedy = causeOf(id).remedies[0];
      lines.push(`  ${cyan(id)}: ${remedy === undefined ? 'see gatewise causes ' + id : remedy.action}`);
    }
    lines.push('');
  }
  lines.push(`${bold('Access log')}: ${info.accessLog} (${info.accessLogFormat}, ${info.linesWritten} lines${info.linesDropped > 0 ? `, ${info.linesDropped} dropped` : ''})`);
  lines.push('');
  lines.push(bold('Next'));
  const example = seen[0] ?? 'upstream_keepalive_race';
  const next: [string, string][] = [
    [`gatewise doctor ${info.accessLog}`, 'name the cause of every 5xx in that log (also reads ALB, NGINX, HAProxy logs)'],
    [`gatewise check ${info.config}`, 'the config the demo ran, checked like nginx -t (it flags the setting behind the race)'],
    [`gatewise causes ${example}`, 'one cause in full: evidence, fixes, how ALB, NGINX, HAProxy and Envoy show it'],
    ['gatewise lab', 'a backend with every fault, one per path or port'],
    ['gatewise serve --listen 127.0.0.1:8080 --upstream http://127.0.0.1:9000', 'the gateway in front of your own app'],
  ];
  const width = Math.max(...next.map(([command]) => command.length));
  for (const [command, what] of next) lines.push(`  ${command.padEnd(width)}  ${dim(what)}`);
  return lines;
}
