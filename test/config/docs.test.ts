// Is the committed docs/config.md exactly what the schema table generates (no drift either way)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderConfigDocs } from '../../src/config/docs.ts';
import { SCHEMA } from '../../src/config/schema.ts';
import { CONFIG_ERROR_CODES } from '../../src/config/errors.ts';

const committed = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');

test('docs/config.md equals the generated reference (run: npm run docs)', () => {
  assert.equal(committed, renderConfigDocs());
});

test('every top-level key and every error code is documented', () => {
  for (const key of Object.keys(SCHEMA.fields)) assert.match(committed, new RegExp(`## \`${key}\``), key);
  for (const code of CONFIG_ERROR_CODES) assert.ok(committed.includes(`\`${code}\``), code);
});
