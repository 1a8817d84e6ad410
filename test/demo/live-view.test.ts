// Does the live view redraw in place without drifting on a terminal (every line fits the width, so
// "cursor up N" goes back exactly over the N lines drawn), and stay plain text elsewhere?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/command.ts';
import { fitLine, startLiveView } from '../../src/cli/demo/live.ts';
import type { DemoView } from '../../src/cli/demo/render.ts';
import { createTallySink } from '../../src/cli/demo/tally.ts';
import { createStyle } from '../../src/cli/style.ts';

const SGR = /\u001b\[[0-9;]*m/g;

test('fitLine cuts to the visible width and keeps colour escapes whole', () => {
  assert.equal(fitLine('short', 10), 'short');
  assert.equal(fitLine('0123456789abc', 10), '012345678…');
  const coloured = `\u001b[31m${'x'.repeat(30)}\u001b[39m tail`;
  const cut = fitLine(coloured, 12);
  assert.equal(cut.replace(SGR, ''), `${'x'.repeat(11)}…`);
  assert.ok(cut.startsWith('\u001b[31m') && cut.endsWith('\u001b[0m'), 'escapes kept whole, colour reset at the end');
});

function view(): DemoView {
  const sink = createTallySink([{ name: 'healthy', port: 1 }], { write() {} });
  sink.tally.errors.set('upstream_keepalive_race', 3);
  return {
    gateway: 'http://127.0.0.1:1',
    ratePerSec: 50,
    durationMs: 20_000,
    elapsedMs: 1_000,
    client: { sent: 10, byStatus: new Map(), errors: new Map(), skipped: 0, inFlight: 0 },
    tally: sink.tally,
    targets: [{ name: 'healthy', port: 1, behaviour: 'answers 200' }],
  };
}

function ioFor(stdout: PassThrough & { isTTY?: boolean; columns?: number }): CliIo {
  return {
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    out: createStyle(stdout, {}),
    err: createStyle({}, {}),
    env: {},
    signal: new AbortController().signal,
  };
}

test('on a terminal: drawn, then moved up over exactly the lines drawn and redrawn, each fitting the width', async () => {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 40 });
  let written = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (written += chunk));
  const live = startLiveView(ioFor(stdout), view);
  await new Promise((resolve) => setTimeout(resolve, 600));
  live.stop();
  const frames = written.split(/\u001b\[(\d+)A\u001b\[J/);
  // split with a capture group: [frame, n, frame, n, frame, …]; the last n erases the last frame on stop
  assert.ok(frames.length >= 5, 'at least two redraws in 600 ms');
  for (let i = 1; i < frames.length; i += 2) {
    const previous = frames[i - 1]!;
    assert.equal(Number(frames[i]), previous.split('\n').length - 1, 'moved up over the previous frame');
    for (const line of previous.split('\n')) assert.ok(line.replace(SGR, '').length <= 40, `fits 40 columns: ${JSON.stringify(line)}`);
  }
  assert.equal(frames.at(-1), '', 'stop() erased the last frame');
});

test('not a terminal: one plain line every 2 s, no escape codes', async () => {
  const stdout = new PassThrough();
  let written = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => (written += chunk));
  const live = startLiveView(ioFor(stdout), view);
  assert.equal(written, '', 'nothing until the first interval');
  await new Promise((resolve) => setTimeout(resolve, 2_300));
  live.stop();
  assert.equal(written, 'gatewise demo 1.0 s/20.0 s: 10 sent, 0 logged; none yet; errors: upstream_keepalive_race ×3; recovered: none\n');
});
