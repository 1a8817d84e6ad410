// Round robin: the next available target after the last one chosen.
import { available, type Balancer, type PickContext } from './available.ts';
import type { Target } from '../target.ts';

export function createRoundRobin(): Balancer {
  let next = 0;
  return {
    pick(targets: readonly Target[], ctx: PickContext): Target | null {
      const n = targets.length;
      for (let i = 0; i < n; i++) {
        const index = (next + i) % n;
        const target = targets[index]!;
        if (available(target, ctx)) {
          next = index + 1;
          return target;
        }
      }
      return null;
    },
  };
}
