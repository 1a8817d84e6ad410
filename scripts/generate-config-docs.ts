// Writes docs/config.md from the config schema table (src/config/docs.ts). Run after changing
// src/config/schema.ts; test/config/docs.test.ts fails while the committed file is stale.
import { writeFileSync } from 'node:fs';
import { renderConfigDocs } from '../src/config/docs.ts';

const target = new URL('../docs/config.md', import.meta.url);
writeFileSync(target, renderConfigDocs());
process.stdout.write(`wrote ${target.pathname}\n`);
