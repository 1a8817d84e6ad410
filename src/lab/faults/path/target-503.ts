// The target answers 503 Service Unavailable itself (the proxy must pass it through, not make its own).
import { defineTargetStatusFault } from './target-status.ts';

export const target503 = defineTargetStatusFault(503, 'Service Unavailable');
