// Power of two choices (Mitzenmacher 2001; Envoy's LEAST_REQUEST default, HAProxy `random(2)`):
// two random available targets, the one with fewer requests in flight wins.
import { available, type Balancer, type PickContext } from './available.ts';
import type { Target } from '../target.ts';

export function createPowerOfTwo(random: () => number = Math.random): Balancer {
  // Scratch list reused across picks: no allocation per request.
  const candidates: Target[] = [];
  return {
    pick(targets: readonly Target[], ctx: PickContext): Target | null {
      candidates.length = 0;
      for (const target of targets) if (available(target, ctx)) candidates.push(target);
      const n = candidates.length;
      if (n === 0) return null;
      if (n === 1) return candidates[0]!;
      const a = Math.floor(random() * n);
      let b = Math.floor(random() * (n - 1));
      if (b >= a) b += 1;
      const ta = candidates[a]!;
      const tb = candidates[b]!;
      candidates.length = 0;
      return tb.outstanding < ta.outstanding ? tb : ta;
    },
  };
}
