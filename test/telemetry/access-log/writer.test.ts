// Does the access-log writer put every line on disk (on close, on its timer, at its size threshold),
// write '-' to standard output, reopen for logrotate, and — when the disk cannot keep up or the path
// is bad — drop and count lines instead of growing or throwing?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessLogError, createAccessLog, encodeAlbLine, encodeJsonLine } from '../../../src/telemetry/access-log/index.ts';
import { CLEAN_200, CLIENT_ABORT, REFUSED_502, RETRIED_200 } from './records.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatewise-access-log-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `access-${++n}.log`);

async function waitFor(what: string, check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a file: every line written, in order, by close', async () => {
  const path = freshPath();
  const log = createAccessLog({ path, format: 'alb' });
  await log.ready();
  for (const record of [CLEAN_200, REFUSED_502, RETRIED_200]) log.write(record);
  assert.equal(readFileSync(path, 'utf8'), '', 'nothing is written synchronously by write()');
  await log.close();
  assert.equal(readFileSync(path, 'utf8'), [CLEAN_200, REFUSED_502, RETRIED_200].map(encodeAlbLine).join(''));
  assert.equal(log.writtenLines, 3);
  assert.equal(log.droppedLines, 0);
  log.write(CLEAN_200);
  assert.equal(log.droppedLines, 1, 'a write after close is counted, not thrown');
});

test('flushes by itself on its timer, and at once past the size threshold', async () => {
  const timed = freshPath();
  const byTimer = createAccessLog({ path: timed, format: 'json' }, { flushIntervalMs: 20 });
  byTimer.write(CLEAN_200);
  await waitFor('the timer flush to write the line', () => existsSync(timed) && readFileSync(timed, 'utf8') === encodeJsonLine(CLEAN_200));
  await byTimer.close();

  const sized = freshPath();
  const bySize = createAccessLog({ path: sized, format: 'alb' }, { flushIntervalMs: 60_000, flushBytes: 1 });
  bySize.write(REFUSED_502);
  await waitFor('the size-threshold flush to write the line', () => existsSync(sized) && readFileSync(sized, 'utf8') === encodeAlbLine(REFUSED_502));
  await bySize.close();
});

test('appends to an existing file', async () => {
  const path = freshPath();
  for (const record of [CLEAN_200, CLIENT_ABORT]) {
    const log = createAccessLog({ path, format: 'alb' });
    log.write(record);
    await log.close();
  }
  assert.equal(readFileSync(path, 'utf8'), encodeAlbLine(CLEAN_200) + encodeAlbLine(CLIENT_ABORT));
});

test('reopen: after logrotate moved the file, new lines go to a new file', async () => {
  const path = freshPath();
  const log = createAccessLog({ path, format: 'alb' });
  log.write(CLEAN_200);
  await log.flush();
  renameSync(path, `${path}.1`);
  log.write(REFUSED_502); // still buffered: goes to the old file by the flush inside reopen
  await log.reopen();
  log.write(RETRIED_200);
  await log.close();
  assert.equal(readFileSync(`${path}.1`, 'utf8'), encodeAlbLine(CLEAN_200) + encodeAlbLine(REFUSED_502));
  assert.equal(readFileSync(path, 'utf8'), encodeAlbLine(RETRIED_200));
});

test('no line is lost for load: a burst far past flushBytes is written in order, memory bounded by flushBytes', async () => {
  const path = freshPath();
  const line = encodeAlbLine(CLEAN_200);
  const log = createAccessLog({ path, format: 'alb' }, { flushBytes: line.length * 5, flushIntervalMs: 60_000 });
  for (let i = 0; i < 1_000; i++) log.write(CLEAN_200); // one tick, as under a saturated core
  assert.equal(log.writtenLines, 1_000, 'each full batch is written as it fills, not queued');
  await log.close();
  assert.equal(log.droppedLines, 0);
  assert.equal(readFileSync(path, 'utf8'), line.repeat(1_000));
});

test('a path that cannot be opened: ready() rejects with a coded error; lines are counted as dropped', async () => {
  const path = join(dir, 'missing-dir', 'access.log');
  const log = createAccessLog({ path, format: 'alb' });
  await assert.rejects(log.ready(), (error: unknown) => {
    assert.ok(error instanceof AccessLogError);
    assert.equal(error.code, 'ERR_ACCESS_LOG_OPEN');
    assert.match(error.message, new RegExp(`^access log ${path}: cannot open for appending \\(ENOENT\\)\\. Fix: `));
    return true;
  });
  log.write(CLEAN_200);
  log.write(REFUSED_502);
  await log.flush();
  assert.equal(log.droppedLines, 2);
  assert.ok(log.lastError instanceof AccessLogError);
  await log.close();
});

test('null config: access logging off, a writer that does nothing', async () => {
  const log = createAccessLog(null);
  log.write(CLEAN_200);
  await log.flush();
  await log.close();
  assert.equal(log.writtenLines, 0);
  assert.equal(log.droppedLines, 0);
});

test("'-' writes to standard output (a real child process)", async () => {
  const writer = new URL('../../../src/telemetry/access-log/index.ts', import.meta.url).href;
  const records = new URL('./records.ts', import.meta.url).href;
  const script = `
    const { createAccessLog } = await import(${JSON.stringify(writer)});
    const { CLEAN_200, REFUSED_502 } = await import(${JSON.stringify(records)});
    const log = createAccessLog({ path: '-', format: 'json' });
    log.write(CLEAN_200);
    log.write(REFUSED_502);
    await log.close();
  `;
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, out, err) =>
      error ? reject(new Error(`child failed: ${err}`)) : resolve(out),
    );
  });
  assert.equal(stdout, encodeJsonLine(CLEAN_200) + encodeJsonLine(REFUSED_502));
});
