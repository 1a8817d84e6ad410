// The target answers 502 Bad Gateway itself (the proxy must pass it through, not make its own).
import { defineTargetStatusFault } from './target-status.ts';

export const target502 = defineTargetStatusFault(502, 'Bad Gateway');
