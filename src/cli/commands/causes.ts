// `gatewise causes`: the cause catalogue — a table, one cause in detail, or all of it as JSON.
import { parseArgs } from 'node:util';
import { CULPRITS, PHASES, allCauses, causeOf, isCauseId, type Cause, type Culprit } from '../../causes/index.ts';
import { outcomeLabel, outcomeSentence, peerRows } from '../../causes/describe.ts';
import { closeCauseIds } from '../../causes/lookup.ts';
import { defineCommand, type CliIo } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import type { Style } from '../style.ts';
import { UsageError } from '../usage-error.ts';

const HELP = `gatewise causes: print the cause catalogue

Usage: gatewise causes [ID] [--json] [--culprit C] [--phase P]

  gatewise causes           every cause: id, status, phase, culprit, title
  gatewise causes ID        one cause in detail: what happened, evidence, remedies, how peers show it
  gatewise causes --json    the whole catalogue as a JSON array (with ID: that cause as an object)

Options:
  --json          machine-readable output
  --culprit C     only causes whose culprits include C: ${CULPRITS.join(', ')}
  --phase P       only causes that can occur in phase P: ${PHASES.join(', ')}

Status "abort" means the response head was already sent, so the client connection is aborted;
"pass-through" means the target's own answer is forwarded; "499 (log only)" means the client left.
The same content, as a document: docs/causes.md.

Exit codes: 0 ok, 2 unknown id or bad usage.
`;

const CULPRIT_COLOUR: Record<Culprit, keyof Omit<Style, 'enabled'>> = {
  target: 'yellow',
  network: 'cyan',
  config: 'green',
  client: 'dim',
  gateway: 'red',
};

function paint(style: Style, culprit: Culprit, text: string): string {
  return style[CULPRIT_COLOUR[culprit]](text);
}

function table(causes: readonly Cause[], io: CliIo): string {
  const style = io.out;
  const header = ['ID', 'STATUS', 'PHASE', 'CULPRIT', 'TITLE'] as const;
  const rows = causes.map((c) => [c.id, outcomeLabel(c), c.phases[0], c.culprits.join('+'), c.title] as const);
  const widths = [0, 1, 2, 3].map((i) => Math.max(header[i]?.length ?? 0, ...rows.map((r) => r[i]?.length ?? 0)));
  const pad = (cells: readonly string[]) => cells.slice(0, 4).map((cell, i) => cell.padEnd(widths[i] ?? 0));
  // On a terminal, cut titles at its width so every cause stays on one line; in a pipe keep them whole.
  const columns = style.enabled && 'columns' in io.stdout && typeof io.stdout.columns === 'number' ? io.stdout.columns : 0;
  const titleRoom = columns > 0 ? Math.max(20, columns - widths.reduce((a, b) => a + b + 2, 0)) : Infinity;
  const fit = (title: string) => (title.length <= titleRoom ? title : `${title.slice(0, titleRoom - 1)}…`);
  const lines = [style.bold([...pad(header), header[4]].join('  ').trimEnd())];
  causes.forEach((cause, index) => {
    const row = rows[index];
    if (row === undefined) return;
    const [id, status, phase, culprit] = pad(row);
    const culpritKey = cause.culprits[0];
    lines.push([paint(style, culpritKey, id ?? ''), status, phase, paint(style, culpritKey, culprit ?? ''), fit(row[4])].join('  '));
  });
  lines.push('', style.dim(`${causes.length} ${causes.length === 1 ? 'cause' : 'causes'}. "gatewise causes ID" for one in detail; --json for all of it.`));
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

function detail(cause: Cause, style: Style): string {
  const width = 96;
  const heading = (text: string) => style.bold(text);
  const out: string[] = [];
  out.push(`${paint(style, cause.culprits[0], style.bold(cause.id))}  ${cause.title}`);
  out.push(
    `status ${outcomeLabel(cause)} · phase ${cause.phases.join(', ')} · culprit ${cause.culprits.join(', ')} · Proxy-Status ${cause.proxyStatus ?? '(none)'}`,
  );
  out.push(style.dim(outcomeSentence(cause)));
  out.push('', wrap(cause.explanation, width, ''));
  out.push('', heading('Evidence'), ...cause.evidence.map((e) => wrap(e, width - 4, '    ').replace(/^ {4}/, '  - ')));
  out.push('', heading('Remedies, most likely first'));
  cause.remedies.forEach((r, i) => {
    out.push(wrap(r.action, width - 4, '    ').replace(/^ {4}/, `  ${i + 1}. `));
    if (r.command !== undefined) out.push(...r.command.split('\n').map((l) => `     ${style.cyan(`$ ${l}`)}`));
    if (r.config !== undefined) out.push(...r.config.split('\n').map((l) => `     ${style.green(l)}`));
  });
  out.push('', heading('How peers show it'));
  for (const row of peerRows(cause)) {
    if (!row.seen) {
      out.push(`  ${row.name}: ${style.dim('not visible')}`, wrap(row.why, width - 4, '    '));
      continue;
    }
    out.push(`  ${row.name}:`);
    for (const f of row.fields) out.push(`    ${f.label}: ${f.value}`);
    if (row.note !== null) out.push(wrap(row.note, width - 4, '    '));
  }
  if (cause.statusRationale !== undefined) out.push('', heading('Why this status'), wrap(cause.statusRationale, width - 2, '  '));
  if (cause.related !== undefined && cause.related.length > 0) out.push('', `${heading('Rule out')}: ${cause.related.join(', ')}`);
  return `${out.join('\n')}\n`;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
}

// `gatewise causes | head` closes the pipe early: that is the reader's choice, not an error.
const quietPipes = new WeakSet<object>();
function ignoreClosedPipe(stream: NodeJS.WritableStream): void {
  if (quietPipes.has(stream)) return;
  quietPipes.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export const causesCommand = defineCommand({
  name: 'causes',
  summary: 'print the cause catalogue (table, one cause in detail, or --json)',
  help: HELP,
  async run(argv, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { json: { type: 'boolean', default: false }, culprit: { type: 'string' }, phase: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    ignoreClosedPipe(io.stdout);
    if (positionals.length > 1) throw new UsageError(`expected at most one cause id, got ${positionals.length}: ${positionals.join(' ')}`);
    const [wanted] = positionals;
    const culprit = oneOf('--culprit', values.culprit, CULPRITS);
    const phase = oneOf('--phase', values.phase, PHASES);
    if (wanted === undefined) {
      const causes = allCauses().filter(
        (c) => (culprit === undefined || c.culprits.includes(culprit)) && (phase === undefined || c.phases.includes(phase)),
      );
      io.stdout.write(values.json ? `${JSON.stringify(causes, null, 2)}\n` : table(causes, io));
      return EXIT.ok;
    }
    if (culprit !== undefined || phase !== undefined) throw new UsageError('--culprit and --phase filter the list; they do not apply to one cause');
    if (!isCauseId(wanted)) {
      const close = closeCauseIds(wanted);
      const hint = close.length > 0 ? `Close ids: ${close.join(', ')}.` : 'Run "gatewise causes" for the list.';
      throw new UsageError(`unknown cause id "${wanted}". ${hint}`);
    }
    const cause = causeOf(wanted);
    io.stdout.write(values.json ? `${JSON.stringify(cause, null, 2)}\n` : detail(cause, io.out));
    return EXIT.ok;
  },
});
