// Does docs/access-log.md show lines the encoder really writes today, and document every field?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALB_FIELDS, encodeAlbLine, toJsonAccessLine } from '../../../src/telemetry/access-log/index.ts';
import { CLEAN_200, CLIENT_ABORT, REFUSED_502, RETRIED_200 } from './records.ts';

const doc = readFileSync(new URL('../../../docs/access-log.md', import.meta.url), 'utf8');

test('the example lines in the doc are the encoder\'s output, byte for byte', () => {
  for (const record of [CLEAN_200, REFUSED_502, RETRIED_200, CLIENT_ABORT]) assert.ok(doc.includes(encodeAlbLine(record)), encodeAlbLine(record));
  assert.ok(doc.includes(JSON.stringify(toJsonAccessLine(REFUSED_502), null, 2)));
});

test('every alb field is in the table at its position, and every json key is named', () => {
  ALB_FIELDS.forEach((field, i) => assert.match(doc, new RegExp(`\\| ${i + 1} \\| \`"?${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\` \\|`), field));
  for (const key of Object.keys(toJsonAccessLine(RETRIED_200))) assert.ok(doc.includes(`\`${key}\``), key);
});
