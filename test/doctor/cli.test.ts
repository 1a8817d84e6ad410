// Does `gatewise doctor` behave as documented when run as the real binary: exit 0 on clean logs,
// 1 when proxy-made 5xx are found, 2 on usage errors; --json, --markdown, --html (self-contained),
// --per-request and stdin; and a report a person can act on (counts, who made the 5xx, the fix)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/gatewise.js');
const ALB = join(ROOT, 'test/fixtures/logs/alb/aws-doc-examples.log');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'doctor', ...args], { encoding: 'utf8', input, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('exit 1 and an actionable report when the log holds proxy-made 5xx', () => {
  const r = run([ALB]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /Who made the 5xx/);
  assert.match(r.stdout, /proxy\/load balancer made: 1/);
  assert.match(r.stdout, /upstream_bad_response/);
  assert.match(r.stdout, /Fix:/);
  assert.match(r.stdout, /\$ curl/);
});

test('exit 0 on a clean log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-cli-'));
  try {
    const clean = join(dir, 'clean.log');
    writeFileSync(clean, readFileSync(ALB, 'utf8').split('\n').slice(0, 4).join('\n'));
    const r = run([clean]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No failed requests found|No proxy-made 5xx/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 2 on usage errors, with the reason on stderr', () => {
  assert.equal(run(['--format', 'apache', ALB]).code, 2);
  assert.equal(run(['--bogus']).code, 2);
  const missing = run(['/nonexistent/file.log']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
  assert.equal(run(['--json', '--markdown', ALB]).code, 2);
  const badFormat = run(['--nginx-log-format', '$remote_addr $request', ALB]);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /\$status/);
});

test('--json, --markdown, --html and --per-request', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-cli-'));
  try {
    const html = join(dir, 'report.html');
    const per = join(dir, 'per.jsonl');
    const j = run([ALB, '--json', '--html', html, '--per-request', per]);
    assert.equal(j.code, 1);
    const report = JSON.parse(j.stdout) as { summary: { gatewayMade5xx: number; lines: number }; causes: { id: string; alternatives: unknown[] }[] };
    assert.equal(report.summary.lines, 6);
    assert.equal(report.summary.gatewayMade5xx, 1);
    assert.equal(report.causes[0]?.id, 'upstream_bad_response');
    const page = readFileSync(html, 'utf8');
    assert.match(page, /<svg/);
    assert.doesNotMatch(page.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, ''), /(src|href)=["']?https?:/, 'the page must open offline');
    assert.doesNotMatch(page, /<script/);
    const lines = readFileSync(per, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    for (const key of ['file', 'line', 'time', 'request_id', 'status', 'cause', 'confidence', 'evidence']) assert.ok(key in (lines[0] as object), key);
    assert.equal(lines[0]?.line, 6);
    const md = run([ALB, '--markdown']);
    assert.equal(md.code, 1);
    assert.match(md.stdout, /^# gatewise doctor report/m);
    assert.match(md.stdout, /\| `upstream_bad_response` \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdin with - and --format', () => {
  const r = run(['-', '--format', 'alb', '--json'], readFileSync(ALB, 'utf8'));
  assert.equal(r.code, 1, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { summary: { lines: number } }).summary.lines, 6);
});
