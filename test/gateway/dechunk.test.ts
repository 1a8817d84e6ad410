// Does the de-chunker (chunked → plain for HTTP/1.0 clients) find exactly the data bytes, whatever
// way the framing is split across reads, with extensions, trailers and LF-only line ends?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dechunker } from '../../src/gateway/dechunk.ts';

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', 'hello world'],
  ['A\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n', '0123456789'],
  ['3\nabc\n0\n\n', 'abc'],
  ['0\r\n\r\n', ''],
];

for (const [wire, body] of CASES) {
  test(`${JSON.stringify(wire)} → ${JSON.stringify(body)} for every split point`, () => {
    const buf = Buffer.from(wire, 'latin1');
    for (let cut = 0; cut <= buf.length; cut++) {
      const d = new Dechunker();
      const out: Buffer[] = [];
      d.feed(buf, 0, cut, (b) => out.push(Buffer.from(b)));
      d.feed(buf, cut, buf.length, (b) => out.push(Buffer.from(b)));
      assert.equal(Buffer.concat(out).toString('latin1'), body, `split at ${cut}`);
    }
  });
}
