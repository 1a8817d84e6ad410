// Consistent hashing on a key (a header or the client address): a ring of virtual nodes per
// target (Karger et al. 1997; ketama's 160 points per server, scaled by weight), so adding or
// removing a target moves only ~1/n of the keys. A key whose owner is unavailable walks the ring to
// the next available target. A request without a key is spread round robin.
import { available, type Balancer, type PickContext } from './available.ts';
import type { Target } from '../target.ts';
import { createRoundRobin } from './round-robin.ts';

const POINTS_PER_WEIGHT = 160;

/** FNV-1a, 32 bits: cheap, good enough spread for a ring lookup. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so that near-identical keys ("t1#1", "t1#2") spread.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

interface Ring {
  readonly targets: readonly Target[];
  readonly points: Uint32Array;
  readonly owners: Int32Array;
}

function buildRing(targets: readonly Target[]): Ring {
  const entries: Array<[number, number]> = [];
  targets.forEach((target, index) => {
    const count = Math.max(1, Math.round(target.weight * POINTS_PER_WEIGHT));
    for (let v = 0; v < count; v++) entries.push([fnv1a(`${target.config.url}#${v}`), index]);
  });
  entries.sort((a, b) => a[0] - b[0]);
  return {
    targets,
    points: Uint32Array.from(entries, (e) => e[0]),
    owners: Int32Array.from(entries, (e) => e[1]),
  };
}

export function createConsistentHash(): Balancer {
  let ring: Ring | null = null;
  const fallback = createRoundRobin();
  return {
    pick(targets: readonly Target[], ctx: PickContext): Target | null {
      if (ctx.hashKey === null) return fallback.pick(targets, ctx);
      if (ring === null || ring.targets !== targets) ring = buildRing(targets);
      const { points, owners } = ring;
      const n = points.length;
      if (n === 0) return null;
      const h = fnv1a(ctx.hashKey);
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (points[mid]! < h) lo = mid + 1;
        else hi = mid;
      }
      for (let i = 0; i < n; i++) {
        const target = targets[owners[(lo + i) % n]!]!;
        if (available(target, ctx)) return target;
      }
      return null;
    },
  };
}
