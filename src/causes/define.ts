// `defineCause` keeps each entry file declarative and lets the compiler check its shape.
import type { Cause } from './cause.ts';

export function defineCause<const C extends Cause>(cause: C): C {
  return cause;
}
