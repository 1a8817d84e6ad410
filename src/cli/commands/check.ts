import { notBuiltYet } from '../command.ts';

export const checkCommand = notBuiltYet('check', 'validate a Gatewise config, or lint NGINX and HAProxy configs for the mistakes behind 502s', 'issues #3 and #6');
