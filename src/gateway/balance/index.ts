// One policy per file; this picks the one the pool's config names.
import type { BalancePolicy } from '../../config/model.ts';
import type { Balancer } from './available.ts';
import { createConsistentHash } from './consistent-hash.ts';
import { createLeastOutstanding } from './least-outstanding.ts';
import { createPowerOfTwo } from './power-of-two.ts';
import { createRoundRobin } from './round-robin.ts';
import { createWeighted } from './weighted.ts';

export type { Balancer, PickContext } from './available.ts';
export { available } from './available.ts';

export function createBalancer(policy: BalancePolicy): Balancer {
  switch (policy.kind) {
    case 'round_robin':
      return createRoundRobin();
    case 'least_outstanding':
      return createLeastOutstanding();
    case 'power_of_two':
      return createPowerOfTwo();
    case 'weighted':
      return createWeighted();
    case 'consistent_hash':
      return createConsistentHash();
  }
}
