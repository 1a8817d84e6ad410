// Does `gatewise causes` print the catalogue as promised, through the real binary? Exact exit codes,
// JSON that round-trips the catalogue, a plain aligned table in a pipe, one cause in detail, close ids
// for an unknown one; and, in-process with a terminal-like stream, colours only where they belong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CAUSE_IDS, allCauses, causeOf } from '../../src/causes/index.ts';
import { outcomeLabel } from '../../src/causes/describe.ts';
import { causesCommand } from '../../src/cli/commands/causes.ts';
import type { CliIo } from '../../src/cli/command.ts';
import { createStyle } from '../../src/cli/style.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ANSI = /\u001b\[/;

function gatewise(...args: string[]) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const run = spawnSync(process.execPath, ['bin/gatewise.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env });
  assert.equal(run.error, undefined, `gatewise ${args.join(' ')} did not run: ${run.error?.message}`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('causes --json: exit 0 and the whole catalogue, in id order, exactly as the code has it', () => {
  const { code, stdout, stderr } = gatewise('causes', '--json');
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  const parsed: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(parsed));
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(allCauses())));
  assert.deepEqual(
    parsed.map((c: { id: string }) => c.id),
    [...CAUSE_IDS],
  );
});

test('causes in a pipe: a plain aligned table, one line per cause, no colour codes', () => {
  const { code, stdout, stderr } = gatewise('causes');
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stdout, ANSI);
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^ID +STATUS +PHASE +CULPRIT +TITLE$/);
  const statusColumn = (lines[0] ?? '').indexOf('STATUS');
  for (const [i, id] of CAUSE_IDS.entries()) {
    const line = lines[i + 1] ?? '';
    const cause = causeOf(id);
    assert.ok(line.startsWith(`${id} `), `line ${i + 2} should start with ${id}: ${line}`);
    assert.equal(line.slice(statusColumn).split(/\s{2,}/)[0], outcomeLabel(cause), `status column of ${id}`);
    assert.ok(line.endsWith(cause.title), `line for ${id} ends with its whole title`);
  }
  assert.equal(lines.length, CAUSE_IDS.length + 3, 'header, one line per cause, a blank line and a hint');
});

test('causes ID: the cause in detail — explanation, evidence, remedies with commands, every peer', () => {
  const { code, stdout } = gatewise('causes', 'upstream_keepalive_race');
  assert.equal(code, 0);
  for (const part of ['upstream_keepalive_race', 'Evidence', 'Remedies, most likely first', 'How peers show it', 'AWS ALB', 'NGINX', 'HAProxy', 'Envoy', 'Why this status']) {
    assert.ok(stdout.includes(part), `missing "${part}"`);
  }
  assert.ok(stdout.includes('server.keepAliveTimeout = 65_000;'), 'the Node fix is printed as written');
  assert.ok(stdout.includes('upstream prematurely closed connection while reading response header from upstream'));
});

test('causes ID --json: that cause as one object', () => {
  const { code, stdout } = gatewise('causes', 'no_healthy_upstream', '--json');
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), JSON.parse(JSON.stringify(causeOf('no_healthy_upstream'))));
});

test('an unknown id: exit 2, nothing on stdout, the close ids on stderr', () => {
  const { code, stdout, stderr } = gatewise('causes', 'keepalive');
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /unknown cause id "keepalive"\. Close ids: upstream_keepalive_race\b/);
});

test('bad usage: exit 2', () => {
  assert.equal(gatewise('causes', 'upstream_5xx', 'client_aborted').code, 2);
  assert.equal(gatewise('causes', '--bogus').code, 2);
  assert.equal(gatewise('causes', 'zzzzqqq').code, 2);
});

function ttyIo(env: NodeJS.ProcessEnv, columns: number): { io: CliIo; output: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns });
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    out: createStyle(stdout, env),
    err: createStyle(stderr, env),
    env,
    signal: new AbortController().signal,
  };
  return { io, output: () => Buffer.concat(chunks).toString('utf8') };
}

test('on a terminal: coloured by culprit and cut to the terminal width; NO_COLOR turns colour off', async () => {
  const { io, output } = ttyIo({}, 100);
  assert.equal(await causesCommand.run([], io), 0);
  const text = output();
  assert.match(text, ANSI);
  assert.ok(text.includes('\u001b[31mproxy_internal_error'), 'gateway culprit in red');
  assert.ok(text.includes('\u001b[33mupstream_connect_refused'), 'target culprit in yellow');
  const visible = text.replace(/\u001b\[[0-9;]*m/g, '').trimEnd().split('\n');
  for (const line of visible) assert.ok(line.length <= 100, `wider than the terminal: ${line}`);

  const plain = ttyIo({ NO_COLOR: '1' }, 100);
  assert.equal(await causesCommand.run([], plain.io), 0);
  assert.doesNotMatch(plain.output(), ANSI);
});

test('--culprit and --phase filter the list; a value outside the catalogue\'s sets is a usage error', async () => {
  const { io, output } = ttyIo({ NO_COLOR: '1' }, 200);
  assert.equal(await causesCommand.run(['--culprit', 'client', '--json'], io), 0);
  const clientIds = (JSON.parse(output()) as { id: string }[]).map((c) => c.id);
  assert.deepEqual(clientIds, allCauses().filter((c) => c.culprits.includes('client')).map((c) => c.id));
  assert.ok(clientIds.includes('client_aborted') && !clientIds.includes('upstream_5xx'));

  const tls = ttyIo({ NO_COLOR: '1' }, 200);
  assert.equal(await causesCommand.run(['--phase', 'tls'], tls.io), 0);
  const listed = tls.output().split('\n').slice(1).filter((l) => /^[a-z]/.test(l)).map((l) => l.split(' ')[0]);
  assert.deepEqual(listed, allCauses().filter((c) => c.phases.includes('tls')).map((c) => c.id));

  const bad = gatewise('causes', '--culprit', 'users');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--culprit must be one of client, gateway, target, network, config; got "users"/);
  assert.equal(gatewise('causes', 'upstream_5xx', '--phase', 'body').code, 2);
});
