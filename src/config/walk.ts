// Walks a YAML parse tree against the schema table: checks every key and value, fills defaults, and
// records where each key path sits in the file so later cross-checks can point at it too. It never
// stops at the first problem: every issue goes into the list.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ConfigErrorCode, ConfigIssue } from './errors.ts';
import type { LeafSpec, ListSpec, NamedMapSpec, SectionSpec, Spec } from './schema-types.ts';
import { closest, snakeCase } from './suggest.ts';

export interface Position {
  readonly line: number | null;
  readonly column: number | null;
}

/** Issue collector plus the key path → position index of one source. */
export interface SourceContext {
  readonly file: string;
  readonly issues: ConfigIssue[];
  readonly positions: Map<string, Position>;
  at(keyPath: string): Position;
  report(code: ConfigErrorCode, keyPath: string, problem: string, fix: string, position?: Position): void;
}

export function createSourceContext(file: string): SourceContext {
  const issues: ConfigIssue[] = [];
  const positions = new Map<string, Position>();
  const at = (keyPath: string): Position => {
    // An absent key is reported where its closest present ancestor is.
    for (let path = keyPath; ; ) {
      const found = positions.get(path);
      if (found) return found;
      if (path === '') return { line: null, column: null };
      const cut = path.search(/(?:\.[^.[\]]*|\[\d+\])$/);
      path = cut > 0 ? path.slice(0, cut) : '';
    }
  };
  return {
    file,
    issues,
    positions,
    at,
    report(code, keyPath, problem, fix, position = at(keyPath)) {
      issues.push({ code, file, line: position.line, column: position.column, keyPath, problem, fix });
    },
  };
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

interface Walker {
  readonly ctx: SourceContext;
  readonly doc: Document;
  readonly lines: LineCounter | null;
}

function positionOf(w: Walker, node: Node | null | undefined): Position {
  const offset = node?.range?.[0];
  if (offset === undefined || w.lines === null) return { line: null, column: null };
  const { line, col } = w.lines.linePos(offset);
  return { line, column: col };
}

function resolve(w: Walker, node: unknown): Node | null {
  let current = node as Node | null | undefined;
  for (let depth = 0; current && isAlias(current) && depth < 32; depth += 1) current = current.resolve(w.doc) ?? null;
  if (!current || (isScalar(current) && current.value === null)) return null;
  return current;
}

/** Validate `root` (the document's contents) against `spec`; the result holds parsed values and defaults. */
export function walkDocument(ctx: SourceContext, doc: Document, lines: LineCounter | null, spec: SectionSpec): unknown {
  const w: Walker = { ctx, doc, lines };
  const rootPosition = positionOf(w, doc.contents);
  ctx.positions.set('', rootPosition.line === null && lines !== null ? { line: 1, column: 1 } : rootPosition);
  return walk(w, spec, doc.contents, '');
}

function walk(w: Walker, spec: Spec, raw: unknown, path: string): unknown {
  const node = resolve(w, raw);
  if (node) w.ctx.positions.set(path, positionOf(w, node));
  switch (spec.kind) {
    case 'leaf':
      return walkLeaf(w, spec, node, path);
    case 'section':
      return walkSection(w, spec, node, path);
    case 'list':
      return walkList(w, spec, node, path);
    case 'map':
      return walkNamedMap(w, spec, node, path);
  }
}

function missing(w: Walker, path: string, what: string): void {
  const key = path.replace(/^.*[.\]]/, '').replace(/^.*\[/, '');
  w.ctx.report('ERR_CONFIG_MISSING', path, `required ${what} is missing`, `add "${key}:" here (see docs/config.md)`);
}

function walkLeaf(w: Walker, spec: LeafSpec, node: Node | null, path: string): unknown {
  if (!node) {
    if (spec.required) missing(w, path, 'key');
    return spec.default;
  }
  const value = isScalar(node) ? node.value : isSeq(node) ? [] : isMap(node) ? {} : undefined;
  const checked = spec.type.parse(value);
  if (checked.ok) return checked.value;
  w.ctx.report(checked.code, path, checked.problem, checked.fix);
  return spec.default;
}

function walkSection(w: Walker, spec: SectionSpec, node: Node | null, path: string): unknown {
  if (node && !isMap(node)) {
    w.ctx.report('ERR_CONFIG_TYPE', path, `expected a map of keys, got ${isSeq(node) ? 'a list' : 'a single value'}`, `write the keys of this section (${Object.keys(spec.fields).join(', ')}) indented below it`);
    return spec.whenAbsent === 'defaults' ? walkSection(w, spec, null, path) : null;
  }
  if (!node && spec.whenAbsent === 'null') return null;
  // The root is walked even when empty, so each missing top-level key is named.
  if (!node && spec.whenAbsent === 'required' && path !== '') {
    missing(w, path, 'entry');
    return null;
  }
  const present = new Map<string, unknown>();
  for (const pair of node && isMap(node) ? pairsOf(w, node, 0) : []) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyPath = join(path, key);
    // Top-level `x-…` keys are free, as in Compose files: a place for anchors shared via `<<: *name`.
    if (path === '' && key.startsWith('x-')) continue;
    if (!(key in spec.fields)) {
      const known = Object.keys(spec.fields);
      const guess = closest(key, known);
      const where = path === '' ? 'at the top level' : `in ${path}`;
      const fix = guess !== null
        ? guess === snakeCase(key) && guess !== key
          ? `keys are snake_case: write "${guess}"`
          : `did you mean "${guess}"?`
        : `remove it; keys allowed ${where}: ${known.join(', ')}`;
      w.ctx.report('ERR_CONFIG_UNKNOWN_KEY', keyPath, `unknown key "${key}" ${where}`, fix, positionOf(w, keyNode));
      continue;
    }
    present.set(key, pair.value);
  }
  const out: Record<string, unknown> = {};
  for (const [key, fieldSpec] of Object.entries(spec.fields)) out[key] = walk(w, fieldSpec, present.get(key), join(path, key));
  return out;
}

/**
 * The pairs of a map with YAML merge keys (`<<: *defaults`, or a list of aliases) expanded, so shared
 * pool settings can be written once. Keys written in the map itself win over merged ones.
 */
function pairsOf(w: Walker, map: YAMLMap, depth: number): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (depth < 8 && isScalar(key) && key.value === '<<') {
      const source = resolve(w, pair.value);
      const sources = source && isSeq(source) ? source.items.map((item) => resolve(w, item)) : [source];
      for (const m of sources) if (m && isMap(m)) merged.push(...pairsOf(w, m, depth + 1));
      continue;
    }
    own.push(pair);
  }
  const keyOf = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : '');
  const ownKeys = new Set(own.map(keyOf));
  const seen = new Set<string>();
  return [...own, ...merged.filter((pair) => !ownKeys.has(keyOf(pair)) && !seen.has(keyOf(pair)) && seen.add(keyOf(pair)))];
}

function walkList(w: Walker, spec: ListSpec, node: Node | null, path: string): unknown[] {
  if (!node) {
    if (spec.required) missing(w, path, 'list');
    return [];
  }
  if (!isSeq(node)) {
    w.ctx.report('ERR_CONFIG_TYPE', path, `expected a list, got ${isMap(node) ? 'a map' : 'a single value'}`, 'write each entry on its own line starting with "- "');
    return [];
  }
  if (node.items.length < spec.minItems) {
    w.ctx.report('ERR_CONFIG_MISSING', path, `needs at least ${spec.minItems} ${spec.minItems === 1 ? 'entry' : 'entries'}, has ${node.items.length}`, 'add an entry starting with "- "');
  }
  return node.items.map((item, index) => walk(w, spec.of, item, `${path}[${index}]`));
}

function walkNamedMap(w: Walker, spec: NamedMapSpec, node: Node | null, path: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!node || (isMap(node) && node.items.length < spec.minItems)) {
    if (spec.minItems > 0) w.ctx.report('ERR_CONFIG_MISSING', path, `needs at least ${spec.minItems} ${spec.keyName}`, `add a ${spec.keyName} by name, e.g. "${path}: { app: { targets: [ { url: http://127.0.0.1:9000 } ] } }"`);
    return out;
  }
  if (!isMap(node)) {
    w.ctx.report('ERR_CONFIG_TYPE', path, `expected a map of ${spec.keyName} names, got ${isSeq(node) ? 'a list' : 'a single value'}`, `write each ${spec.keyName} as "name:" with its keys indented below`);
    return out;
  }
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const name = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyPath = join(path, name);
    w.ctx.positions.set(keyPath, positionOf(w, keyNode));
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      w.ctx.report('ERR_CONFIG_VALUE', keyPath, `"${name}" is not a valid ${spec.keyName} name`, 'use letters, digits, "_", "." or "-"');
    }
    const value = walk(w, spec.of, pair.value, keyPath);
    w.ctx.positions.set(keyPath, positionOf(w, keyNode));
    out.set(name, value);
  }
  return out;
}
