// Does ARCHITECTURE.md map the code as it is? Its file map is generated from each file's opening
// comment, so the committed map must equal the generated one, and every file must open with one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { listUndocumented, renderArchitecture } from '../../scripts/docs/architecture.ts';

test('every source file opens with a comment that says what it is for', () => {
  assert.deepEqual(listUndocumented(), []);
});

test('ARCHITECTURE.md file map is current (run `npm run docs` after adding, moving or re-describing a file)', () => {
  const committed = readFileSync(new URL('../../ARCHITECTURE.md', import.meta.url), 'utf8');
  const rendered = renderArchitecture();
  if (rendered !== committed) {
    const a = rendered.split('\n');
    const b = committed.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`ARCHITECTURE.md is stale from line ${line + 1}:\n  generated: ${JSON.stringify(a[line])}\n  committed: ${JSON.stringify(b[line])}`);
  }
});
