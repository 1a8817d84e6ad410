// Does every module respect the dependency rule of DESIGN §2? causes/ imports nothing of ours;
// config/ → causes; telemetry/ → causes, config; gateway/ → causes, config, telemetry;
// doctor/, probe/, lab/ → causes, config (never the gateway nor each other); cli/ → all; util/ → nothing.
// http1/ (the strict HTTP/1.1 parser shared by the gateway's hot path, the probe and the lab) imports
// nothing of ours: its errors are its own parse codes, which each consumer maps to causes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(import.meta.dirname, '../../src');

const ALLOWED: Record<string, readonly string[]> = {
  causes: [],
  util: [],
  http1: [],
  config: ['causes', 'util'],
  telemetry: ['causes', 'config', 'util'],
  gateway: ['causes', 'config', 'telemetry', 'http1', 'util'],
  doctor: ['causes', 'config', 'util'],
  probe: ['causes', 'config', 'http1', 'util'],
  lab: ['causes', 'config', 'http1', 'util'],
  cli: ['causes', 'config', 'telemetry', 'gateway', 'doctor', 'probe', 'lab', 'http1', 'util'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function layerOf(file: string): string {
  return relative(SRC, file).split(sep)[0] ?? '';
}

test('every folder under src/ has a rule', () => {
  const layers = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
  assert.deepEqual(layers.filter((l) => !(l in ALLOWED)), []);
});

test('imports between folders follow the dependency rule', () => {
  const violations: string[] = [];
  for (const file of walk(SRC)) {
    const from = layerOf(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(SRC + sep)) {
        violations.push(`${relative(SRC, file)} imports outside src/: ${specifier}`);
        continue;
      }
      const to = layerOf(target);
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) {
        violations.push(`${relative(SRC, file)} (${from}/) must not import ${to}/ (${specifier})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});
