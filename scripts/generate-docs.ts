// `npm run docs`: writes every generated document. Each document is one entry of GENERATED (a path and
// a pure render function living next to its source of truth), so adding one is adding a line here.
// `--check` writes nothing and exits 1 listing the stale files (for CI and pre-commit hooks).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderCausesMarkdown } from '../src/causes/markdown.ts';
import { renderConfigDocs } from '../src/config/docs.ts';
import { renderArchitecture } from './docs/architecture.ts';

interface GeneratedDoc {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly render: () => string;
}

export const GENERATED: readonly GeneratedDoc[] = [
  { path: 'docs/causes.md', render: renderCausesMarkdown },
  { path: 'docs/config.md', render: renderConfigDocs },
  { path: 'ARCHITECTURE.md', render: renderArchitecture },
];

const root = new URL('../', import.meta.url);

function current(path: string): string | null {
  try {
    return readFileSync(new URL(path, root), 'utf8');
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const doc of GENERATED) {
    const text = doc.render();
    if (current(doc.path) === text) continue;
    stale.push(doc.path);
    if (!check) writeFileSync(new URL(doc.path, root), text);
  }
  if (check) {
    process.stdout.write(stale.length === 0 ? 'generated docs are up to date\n' : `stale: ${stale.join(', ')} (run npm run docs)\n`);
    process.exitCode = stale.length === 0 ? 0 : 1;
  } else {
    process.stdout.write(stale.length === 0 ? 'generated docs were already up to date\n' : `wrote ${stale.join(', ')}\n`);
  }
}
