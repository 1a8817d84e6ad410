// Is the table of parse codes complete in both directions: every code in PARSE_ERRORS is
// produced by at least one named test case, and documented in src/http1/README.md?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PARSE_ERRORS } from '../../src/http1/index.ts';
import { CHUNKED_ERRORS } from './cases/chunked-errors.ts';
import { REQUEST_ERRORS } from './cases/request-errors.ts';
import { RESPONSE_ERRORS } from './cases/response-errors.ts';

const codes = Object.keys(PARSE_ERRORS);

test('every parse code has a test case that triggers it', () => {
  const covered = new Set<string>([...REQUEST_ERRORS, ...RESPONSE_ERRORS, ...CHUNKED_ERRORS].map((c) => c.code));
  assert.deepEqual(codes.filter((c) => !covered.has(c)), []);
});

test('every parse code is documented in the README, and the README names no other', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../src/http1/README.md'), 'utf8');
  assert.deepEqual(codes.filter((c) => !readme.includes(`\`${c}\``)), []);
  const table = [...readme.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(table.filter((c) => !(c! in PARSE_ERRORS)), []);
});
