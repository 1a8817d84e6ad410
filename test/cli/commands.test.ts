// Does the lazy command registry (src/cli/commands/index.ts) stay true to the command modules?
// Its summaries are copies kept there so `gatewise --help` loads no command; each must equal its
// module's, and each entry must load the command of its own name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../../src/cli/commands/index.ts';

test('every registry entry loads its command, with the same name and summary', async () => {
  assert.ok(COMMANDS.length >= 8, 'the registry lists the subcommands');
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.equal(command.name, entry.name, `entry "${entry.name}" loads the command named "${command.name}"`);
    assert.equal(entry.summary, command.summary, `the summary of "${entry.name}" in the registry differs from its module's`);
    assert.ok(command.help.length > 0, `"${entry.name}" has help text`);
  }
});
