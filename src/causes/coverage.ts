// Every consumer of the catalogue (doctor rules, lab faults, probe checks, docs) holds a total map
// over cause ids. A cause it cannot handle is said so with a reason, so adding a cause to ids.ts
// fails to compile until each consumer has told its story for it.
import type { CauseId } from './ids.ts';

export interface NotCovered {
  readonly covered: false;
  /** Why this consumer cannot see or produce the cause; shown in docs. */
  readonly why: string;
}

export function notCovered(why: string): NotCovered {
  return { covered: false, why };
}

export type Coverage<T> = { readonly [K in CauseId]: T | NotCovered };

export function isCovered<T>(entry: T | NotCovered): entry is T {
  return !(typeof entry === 'object' && entry !== null && (entry as NotCovered).covered === false);
}
