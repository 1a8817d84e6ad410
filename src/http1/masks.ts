// Bit helpers over HEADER_KIND and HEAD_WARNING.
import { HEAD_WARNING, type HeaderKind, type KindMask } from './types.ts';

export function kindMask(...kinds: HeaderKind[]): KindMask {
  let m = 0;
  for (const k of kinds) m |= 1 << k;
  return m;
}

export function warningNames(warnings: number): string[] {
  return Object.entries(HEAD_WARNING)
    .filter(([, bit]) => (warnings & bit) !== 0)
    .map(([name]) => name);
}
