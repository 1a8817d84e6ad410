// docs/causes.md, rendered from the catalogue. The doc is committed and a test fails when it differs
// from this output, so the catalogue and its documentation cannot drift (fastify's errors docs test).
// Regenerate with `npm run docs`.
import type { Cause, Remedy } from './cause.ts';
import { allCauses } from './catalogue.ts';
import { outcomeLabel, outcomeSentence, peerRows, type PeerField } from './describe.ts';

/** A code span that survives backticks inside the value (CommonMark: a longer fence). */
function code(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function anchor(id: string): string {
  return `[${code(id)}](#${id})`;
}

function block(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function field(f: PeerField): string {
  return f.literal ? `${f.label} ${code(f.value)}` : `${f.label}: ${f.value}`;
}

function remedy(r: Remedy, index: number): string {
  const lines = [`${index + 1}. ${r.action}`];
  // Indented by three spaces so the blocks belong to the list item.
  const indent = (text: string) => text.split('\n').map((l) => (l.length > 0 ? `   ${l}` : l)).join('\n');
  if (r.command !== undefined) lines.push('', indent(block('sh', r.command)));
  if (r.config !== undefined) lines.push('', indent(block('', r.config)));
  return lines.join('\n');
}

function section(cause: Cause): string {
  const parts: string[] = [];
  parts.push(`## ${cause.id}`);
  parts.push(`**${cause.title}.** ${outcomeSentence(cause)}`);
  parts.push(
    [
      `| status | phases | culprits | Proxy-Status error |`,
      `|---|---|---|---|`,
      `| ${outcomeLabel(cause)} | ${cause.phases.join(', ')} | ${cause.culprits.join(', ')} | ${cause.proxyStatus === null ? '— (none: the gateway reports no error)' : code(cause.proxyStatus)} |`,
    ].join('\n'),
  );
  parts.push(cause.explanation);
  parts.push(['**Evidence**', '', ...cause.evidence.map((e) => `- ${e}`)].join('\n'));
  parts.push(['**Remedies**, most likely first', '', cause.remedies.map(remedy).join('\n\n')].join('\n'));
  const peers = peerRows(cause).map((row) =>
    row.seen
      ? `- **${row.name}**: ${row.fields.map(field).join('; ')}.${row.note === null ? '' : ` ${row.note}`}`
      : `- **${row.name}**: not visible — ${row.why}.`,
  );
  parts.push(['**How peers show it**', '', ...peers].join('\n'));
  if (cause.statusRationale !== undefined) parts.push(`**Why this status.** ${cause.statusRationale}`);
  if (cause.related !== undefined && cause.related.length > 0) {
    parts.push(`**Rule out:** ${cause.related.map(anchor).join(', ')}.`);
  }
  return parts.join('\n\n');
}

function index(causes: readonly Cause[]): string {
  const rows = causes.map(
    (c) =>
      `| ${anchor(c.id)} | ${outcomeLabel(c)} | ${c.phases[0]} | ${c.culprits.join(', ')} | ${c.proxyStatus === null ? '—' : code(c.proxyStatus)} | ${cell(c.title)} |`,
  );
  return ['| id | status | phase | culprit | Proxy-Status | title |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

const INTRO = `# Cause catalogue

<!-- Generated from src/causes/ by \`npm run docs\` (scripts/generate-docs.ts). Do not edit by hand: test/causes/docs.test.ts fails when this file and the catalogue disagree. -->

Every error Gatewise makes, and every failure it logs, carries one of these cause ids: in the
\`Proxy-Status\` header (RFC 9209: \`Proxy-Status: gatewise; error=<type>; details="<cause id>"\`), in the
access log's \`error_reason\` field, in metrics, in \`gatewise doctor\` reports and in \`gatewise probe\`
results. \`gatewise causes\` prints this catalogue; \`gatewise causes <id>\` one entry; \`--json\` all of it.

Ids are permanent: never renamed, never reused. New ids are only ever added.

**Status policy.** 502 when the target gave a bad answer or none after a connection attempt; 504 when
the gateway gave up waiting (resolver, connect, TLS, send, response head); 503 when no target could be
chosen or a limit protects the targets or the gateway; 4xx for the client's own errors; 500 only for a
bug in the gateway. A failure after the response head was forwarded cannot change the status: the
client connection is aborted. Where peers disagree, each entry says why we chose ours.

**Peers.** Each entry shows how AWS ALB (access-log fields and CloudWatch metrics), NGINX (access-log
status and exact error-log text), HAProxy (the first two characters of the termination state, and the
status, configuration.txt §8.5) and Envoy (response flags and response code details) show the same
failure, or why one cannot. NGINX and HAProxy texts were observed with NGINX 1.22.1 (OpenSSL 3) and
HAProxy 2.6; other versions may word some lines differently.`;

export function renderCausesMarkdown(): string {
  const causes = allCauses();
  return `${[INTRO, `## Index (${causes.length} causes)`, index(causes), ...causes.map(section)].join('\n\n')}\n`;
}
