// The scoreboard: for each fault (expected cause) and proxy log format, the share of requests the
// doctor classified right. Reused by the interop tests and the note.
import type { CauseId } from '../../../src/causes/index.ts';
import type { PerRequestRecord } from '../../../src/doctor/index.ts';

export interface Sent {
  readonly rid: string;
  readonly fault: string;
  readonly expect: CauseId;
}

export interface Cell {
  readonly fault: string;
  readonly expect: CauseId;
  readonly format: string;
  readonly sent: number;
  readonly right: number;
  readonly share: number;
  /** What the doctor said instead, with counts. */
  readonly got: Readonly<Record<string, number>>;
}

export function scoreMatrix(format: string, sent: readonly Sent[], records: readonly PerRequestRecord[]): Cell[] {
  const byRid = new Map<string, PerRequestRecord>();
  for (const r of records) if (r.request_id !== null) byRid.set(r.request_id, r);
  const faults = new Map<string, Sent[]>();
  for (const s of sent) faults.set(s.fault, [...(faults.get(s.fault) ?? []), s]);
  return [...faults.entries()].map(([fault, list]) => {
    const got: Record<string, number> = {};
    let right = 0;
    for (const s of list) {
      const r = byRid.get(s.rid);
      const cause = r?.cause ?? '(no finding)';
      got[cause] = (got[cause] ?? 0) + 1;
      if (cause === s.expect) right++;
    }
    const expect = (list[0] as Sent).expect;
    return { fault, expect, format, sent: list.length, right, share: right / list.length, got };
  });
}

export function renderMatrix(cells: readonly (Cell & { readonly observability?: { observable: boolean; why?: string } })[]): string {
  const w = Math.max(5, ...cells.map((c) => c.fault.length));
  const ew = Math.max(5, ...cells.map((c) => c.expect.length));
  const lines = [`${'fault'.padEnd(w)}  ${'expected cause'.padEnd(ew)}  ${'format'.padEnd(8)}  right/sent  share  notes`];
  for (const c of cells) {
    const seen = c.observability?.observable !== false;
    const other = Object.entries(c.got).filter(([k]) => k !== c.expect).map(([k, v]) => `${k}×${v}`).join(', ');
    const note = seen ? other : `not observable: ${c.observability?.why ?? ''}${other ? ` (doctor: ${other})` : ''}`;
    lines.push(`${c.fault.padEnd(w)}  ${c.expect.padEnd(ew)}  ${c.format.padEnd(8)}  ${`${c.right}/${c.sent}`.padStart(10)}  ${seen ? `${Math.round(c.share * 100)}%`.padStart(5) : '    -'}  ${note}`);
  }
  const observable = cells.filter((c) => c.observability?.observable !== false);
  const good = observable.filter((c) => c.share >= 0.95).length;
  lines.push(`${good} of ${observable.length} observable faults classified right for >= 95% of requests; ${cells.length - observable.length} faults the proxy does not show.`);
  return lines.join('\n');
}
