// The target answers 504 Gateway Timeout itself (the proxy must pass it through, not make its own).
import { defineTargetStatusFault } from './target-status.ts';

export const target504 = defineTargetStatusFault(504, 'Gateway Timeout');
