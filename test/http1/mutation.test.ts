// Does any byte sequence a client or target might send leave the parsers standing — no throw,
// a verdict of done / more / error — and is that verdict the same whether the bytes arrive whole
// or in two pieces? Seeded random mutations of valid messages (bounded count, reproducible).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunkedDecoder, createRequestParser, createResponseParser, type ChunkedDecoder, type HeadParser } from '../../src/http1/index.ts';
import { bytes } from './feed.ts';

/** xorshift32: reproducible without a dependency. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const INTERESTING = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x2c, 0x3a, 0x3b, 0x7f, 0x80, 0xff, 0x30, 0x41];

function mutate(src: Buffer, rand: () => number): Buffer {
  const out = [...src];
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (out.length + 1));
    const byte = INTERESTING[Math.floor(rand() * INTERESTING.length)]!;
    const op = rand();
    if (op < 0.4) out[Math.min(at, out.length - 1)] = byte;
    else if (op < 0.7) out.splice(at, 0, byte);
    else out.splice(at, 1);
  }
  return Buffer.from(out);
}

type Verdict = string;

function headVerdict<H>(p: HeadParser<H>, chunks: Buffer[], begin: () => void): Verdict {
  begin();
  let consumed = 0;
  for (const c of chunks) {
    const st = p.execute(c, 0);
    consumed += p.consumed;
    if (st === 'error') return `error ${p.error!.code} @${p.error!.offset}`;
    if (st === 'done') return `done ${consumed}`;
  }
  return 'more';
}

function chunkedVerdict(d: ChunkedDecoder, chunks: Buffer[]): Verdict {
  d.reset();
  let consumed = 0;
  for (const c of chunks) {
    const st = d.execute(c, 0);
    consumed += d.consumed;
    if (st === 'error') return `error ${d.error!.code} @${d.error!.offset}`;
    if (st === 'done') return `done ${consumed} ${d.dataBytes}`;
  }
  return 'more';
}

const SEEDS = { request: 0x5eed1, response: 0x5eed2, chunked: 0x5eed3 };
const ROUNDS = 1500;

function check(name: string, seeds: number, base: readonly string[], verdict: (chunks: Buffer[]) => Verdict): void {
  test(`${name}: ${ROUNDS} mutated inputs never throw and agree across a split`, () => {
    const rand = rng(seeds);
    const kinds = new Set<string>();
    for (let r = 0; r < ROUNDS; r++) {
      const input = mutate(bytes(base[r % base.length]!), rand);
      const whole = verdict([input]);
      const cut = 1 + Math.floor(rand() * Math.max(1, input.length - 1));
      const split = verdict([input.subarray(0, cut), input.subarray(cut)]);
      assert.equal(split, whole, `input ${JSON.stringify(input.toString('latin1'))} cut at ${cut}`);
      kinds.add(whole.split(' ').slice(0, 2).join(' '));
    }
    // The mutations must reach many distinct verdicts, or this test proves little.
    assert.ok(kinds.size >= 8, `only ${kinds.size} distinct verdicts: ${[...kinds].join(', ')}`);
  });
}

const req = createRequestParser();
check(
  'request parser',
  SEEDS.request,
  [
    'POST /upload?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nConnection: keep-alive, X-A\r\nX-A: 1\r\n\r\nhello',
    'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'GET /ws HTTP/1.1\r\nHost: a:80\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nExpect: 100-continue\r\n\r\n',
  ],
  (chunks) => headVerdict(req, chunks, () => req.reset()),
);

const res = createResponseParser();
check(
  'response parser',
  SEEDS.response,
  [
    'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nKeep-Alive: timeout=5\r\nConnection: keep-alive\r\n\r\nhello',
    'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nServer: x\r\n\r\n0\r\n\r\n',
    'HTTP/1.0 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n',
  ],
  (chunks) => headVerdict(res, chunks, () => res.startExchange(false)),
);

const dec = createChunkedDecoder({ maxTrailers: 4 });
check(
  'chunked decoder',
  SEEDS.chunked,
  ['5;ext=1\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nX-Sum: 1\r\nX-T: 2\r\n\r\nNEXT', 'a\r\n0123456789\r\n0\r\n\r\n'],
  (chunks) => chunkedVerdict(dec, chunks),
);
