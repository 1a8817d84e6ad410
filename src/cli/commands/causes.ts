import { notBuiltYet } from '../command.ts';

export const causesCommand = notBuiltYet('causes', 'print the cause catalogue', 'issue #2');
