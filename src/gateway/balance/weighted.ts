// Smooth weighted round robin (NGINX ngx_http_upstream_get_peer): each pick adds every available
// target's weight to its running weight, takes the largest, and subtracts the total from it. Over
// any window of sum(weights) picks each target gets exactly its weight, interleaved, not in bursts.
import { available, type Balancer, type PickContext } from './available.ts';
import type { Target } from '../target.ts';

export function createWeighted(): Balancer {
  return {
    pick(targets: readonly Target[], ctx: PickContext): Target | null {
      let best: Target | null = null;
      let total = 0;
      for (const target of targets) {
        if (!available(target, ctx) || target.weight <= 0) continue;
        target.currentWeight += target.weight;
        total += target.weight;
        if (best === null || target.currentWeight > best.currentWeight) best = target;
      }
      if (best !== null) best.currentWeight -= total;
      return best;
    },
  };
}
