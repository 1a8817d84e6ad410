import { notBuiltYet } from '../command.ts';

export const probeCommand = notBuiltYet('probe', 'run the 502 troubleshooting method live against a target', 'issue #6');
