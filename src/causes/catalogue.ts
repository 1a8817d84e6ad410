// The catalogue: one entry per cause id, assembled from the entry files (grouped by phase). The
// `satisfies` clause makes it total: a new id in ids.ts without an entry does not compile.
import type { Cause } from './cause.ts';
import { CAUSE_IDS, type CauseId } from './ids.ts';
import { resolveCauses } from './entries/resolve.ts';
import { connectCauses } from './entries/connect.ts';
import { tlsCauses } from './entries/tls.ts';
import { exchangeCauses } from './entries/exchange.ts';
import { responseCauses } from './entries/response.ts';
import { bodyCauses } from './entries/body.ts';
import { poolCauses } from './entries/pool.ts';
import { clientCauses } from './entries/client.ts';
import { gatewayCauses } from './entries/gateway.ts';

const entries = {
  ...resolveCauses,
  ...connectCauses,
  ...tlsCauses,
  ...exchangeCauses,
  ...responseCauses,
  ...bodyCauses,
  ...poolCauses,
  ...clientCauses,
  ...gatewayCauses,
} satisfies Record<CauseId, Cause>;

export const CATALOGUE: Readonly<Record<CauseId, Cause>> = entries;

export function causeOf(id: CauseId): Cause {
  return CATALOGUE[id];
}

/** All causes in the order of ids.ts (phase order). */
export function allCauses(): readonly Cause[] {
  return CAUSE_IDS.map((id) => CATALOGUE[id]);
}
