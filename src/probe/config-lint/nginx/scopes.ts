// What a directive means at a place in the tree: NGINX inherits most proxy_* settings from the
// enclosing blocks (http → server → location → if), and proxy_set_header only as a whole — a
// block with any proxy_set_header of its own drops every inherited one (ngx_http_proxy_module docs).
import type { Directive } from './parse.ts';

/** A directive and the blocks around it, innermost first. */
export interface Placed {
  readonly directive: Directive;
  readonly scopes: readonly (readonly Directive[])[];
}

/** Every directive named `name` anywhere in the tree, with its enclosing blocks. */
export function findAll(directives: readonly Directive[], name: string): Placed[] {
  const found: Placed[] = [];
  const walk = (list: readonly Directive[], scopes: readonly (readonly Directive[])[]) => {
    const here = [list, ...scopes];
    for (const d of list) {
      if (d.name === name) found.push({ directive: d, scopes: here });
      if (d.block) walk(d.block, here);
    }
  };
  walk(directives, []);
  return found;
}

/** The directive in force at a place: the innermost enclosing block that sets it. */
export function effective(scopes: readonly (readonly Directive[])[], name: string): Directive | null {
  for (const scope of scopes) {
    const found = scope.find((d) => d.name === name);
    if (found) return found;
  }
  return null;
}

/** proxy_set_header lines in force: those of the innermost block that has any. */
export function effectiveHeaders(scopes: readonly (readonly Directive[])[]): readonly Directive[] {
  for (const scope of scopes) {
    const here = scope.filter((d) => d.name === 'proxy_set_header');
    if (here.length > 0) return here;
  }
  return [];
}

/** "4k", "8K", "1m", "16384" → bytes (NGINX size syntax), or null. */
export function parseSize(text: string): number | null {
  const match = /^(\d+)([kKmMgG]?)$/.exec(text);
  if (!match) return null;
  const unit = (match[2] ?? '').toLowerCase();
  return Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1);
}

/** NGINX time syntax: "60s", "75", "1m30s", "500ms" → ms, or null. */
export function parseTime(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const match = /^(\d+)(ms|s|m|h|d)/.exec(rest);
    if (!match) return null;
    total += Number(match[1]) * (units[match[2] as string] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return total;
}
