import { notBuiltYet } from '../command.ts';

export const labCommand = notBuiltYet('lab', 'start a backend that misbehaves on purpose, one fault per cause', 'issue #2');
