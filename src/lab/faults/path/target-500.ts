// The target answers 500 Internal Server Error itself (the proxy must pass it through, not make its own).
import { defineTargetStatusFault } from './target-status.ts';

export const target500 = defineTargetStatusFault(500, 'Internal Server Error');
