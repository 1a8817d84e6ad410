// Does docs/causes.md say exactly what the catalogue says? The committed doc must equal what the
// generator produces now (a stale doc fails whichever side changed), and every cause id must appear
// in it as its own heading — no more, no fewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CAUSE_IDS } from '../../src/causes/index.ts';
import { renderCausesMarkdown } from '../../src/causes/markdown.ts';
import { GENERATED } from '../../scripts/generate-docs.ts';

const DOC = new URL('../../docs/causes.md', import.meta.url);
const committed = readFileSync(DOC, 'utf8');

test('docs/causes.md is what the generator writes now (run `npm run docs` after changing src/causes/)', () => {
  const rendered = renderCausesMarkdown();
  if (rendered !== committed) {
    const a = rendered.split('\n');
    const b = committed.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(
      `docs/causes.md is stale from line ${line + 1}:\n  generated: ${JSON.stringify(a[line])}\n  committed: ${JSON.stringify(b[line])}\nRun npm run docs.`,
    );
  }
});

test('every cause id is a heading of its own, and every id heading is a cause', () => {
  const headings = committed.split('\n').filter((l) => /^## [a-z0-9_]+$/.test(l)).map((l) => l.slice(3));
  for (const id of CAUSE_IDS) {
    assert.equal(headings.filter((h) => h === id).length, 1, `"## ${id}" must appear exactly once`);
  }
  assert.deepEqual(headings, [...CAUSE_IDS], 'headings in catalogue order, none extra');
});

test('every internal link points at a heading that exists', () => {
  const targets = new Set(CAUSE_IDS as readonly string[]);
  for (const [, anchor] of committed.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(anchor !== undefined && targets.has(anchor), `dangling link #${anchor}`);
});

test('npm run docs generates docs/causes.md from the catalogue', () => {
  const entry = GENERATED.find((d) => d.path === 'docs/causes.md');
  assert.ok(entry, 'scripts/generate-docs.ts lists docs/causes.md');
  assert.equal(entry.render(), renderCausesMarkdown());
});
