// Does the README's run section say what `npm start` really runs? Its install-and-run command is
// `npm ci && npm start`, the section names the start script's exact command, and the files it
// links to exist (a README that drifts from the code is worse than none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isCauseId } from '../../src/causes/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has a "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 4);
  return README.slice(start, end < 0 ? undefined : end);
}

test('npm start runs the demo, and the README run section says so with the exact command', () => {
  assert.equal(PACKAGE.scripts.start, 'node src/cli/main.ts demo');
  const run = section('Install and run');
  assert.match(run, /```sh\nnpm ci && npm start\n```/, 'the install-and-run command');
  assert.ok(run.includes(`\`${PACKAGE.scripts.start}\``), `the section names "${PACKAGE.scripts.start}"`);
  assert.ok(run.includes('`gatewise demo`'));
});

test('the test section runs npm test, the script CI runs', () => {
  assert.match(section('Test'), /```sh\nnpm test\n```/);
  assert.ok(PACKAGE.scripts.test?.includes('node --test'));
});

test('every relative link in the README points at a file that exists', () => {
  const links = [...README.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/.test(href));
  assert.ok(links.length > 0);
  for (const href of links) assert.ok(existsSync(resolve(ROOT, href)), `README links to ${href}, which does not exist`);
});

test('every cause id the README shows is in the catalogue', () => {
  const ids = new Set([...README.matchAll(/\b((?:upstream|client|proxy|no)_[a-z0-9_]+)\b/g)].map((m) => m[1]!));
  for (const id of ids) assert.ok(isCauseId(id), `README names "${id}", not a cause id`);
});
