// How fast is the strict HTTP/1.1 layer on the gateway's hot path? Parses and serializes typical
// request and response heads in a loop and prints ns per head (wall and CPU, median of rounds),
// heads/s and bytes allocated per head; and parses the same heads with Node's own llhttp (the
// HTTPParser binding `node:http` uses, reached through `_http_common`) for comparison.
// Usage: node bench/http1/run.ts [--iterations N] [--rounds R]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createChunkedDecoder,
  createRequestParser,
  createResponseParser,
  HEADER_KIND,
  kindMask,
  serializeRequestHead,
  serializeResponseHead,
} from '../../src/http1/index.ts';
import { HEADS } from './heads.ts';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '5' } } });
const ITERATIONS = Math.min(Math.max(Number(values.iterations), 1000), 5_000_000);
const ROUNDS = Math.min(Math.max(Number(values.rounds), 1), 20);
const DEADLINE = Date.now() + 120_000; // bounded whatever the arguments

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Row {
  name: string;
  bytes: number;
  wallNs: number;
  cpuNs: number;
  allocBytes: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Bytes allocated per call, from heap growth over a run short enough to avoid a scavenge. */
function allocated(op: () => void): number {
  const n = 2000;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) op();
  const after = process.memoryUsage().heapUsed;
  return Math.max(0, (after - before) / n);
}

function measure(name: string, bytes: number, op: () => void): Row {
  for (let i = 0; i < Math.min(ITERATIONS, 50_000); i++) op(); // warm up: let the JIT settle
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < ROUNDS && Date.now() < DEADLINE; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) op();
    const wall = Number(process.hrtime.bigint() - t0);
    const c = process.cpuUsage(c0);
    walls.push(wall / ITERATIONS);
    cpus.push(((c.user + c.system) * 1000) / ITERATIONS);
  }
  return { name, bytes, wallNs: median(walls), cpuNs: median(cpus), allocBytes: allocated(op) };
}

function mustBe(got: string, want: string, what: string): void {
  if (got !== want) throw new Error(`bench/http1: ${what} returned ${got}, expected ${want}`);
}

// llhttp through the binding node:http uses; the callback receives the headers as an array, as
// node:http does (that copy is part of what Node pays per head).
const require = createRequire(import.meta.url);
interface NodeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(buf: Buffer): number | Error;
  [key: number]: unknown;
}
let llhttp: { HTTPParser: (new () => NodeParser) & Record<string, number> } | null = null;
try {
  llhttp = require('_http_common');
} catch {
  llhttp = null;
}

function llhttpParser(type: 'REQUEST' | 'RESPONSE'): ((buf: Buffer) => void) | null {
  if (llhttp === null) return null;
  const { HTTPParser } = llhttp;
  const p = new HTTPParser();
  p.initialize(HTTPParser[type]!, {}, 0, 0);
  let heads = 0;
  p[HTTPParser.kOnHeadersComplete!] = () => {
    heads++;
    return type === 'RESPONSE' ? 1 : 0; // 1 = skip body (as for a response to HEAD): we time the head only
  };
  p[HTTPParser.kOnMessageComplete!] = () => undefined;
  return (buf) => {
    const before = heads;
    if (type === 'RESPONSE') p.initialize(HTTPParser[type]!, {}, 0, 0);
    const r = p.execute(buf);
    if (r instanceof Error || heads !== before + 1) throw new Error(`bench/http1: llhttp did not parse the head (${String(r)})`);
  };
}

const rows: Row[] = [];
const req = createRequestParser();
const res = createResponseParser();
const FORWARDING_DROP = kindMask(HEADER_KIND.xForwardedFor, HEADER_KIND.xForwardedProto, HEADER_KIND.xForwardedHost, HEADER_KIND.forwarded);
const REQUEST_EXTRA = 'Via: 1.1 gatewise\r\nX-Forwarded-For: 203.0.113.7, 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Request-Id: 6f1c2a9e4b7d4e0f\r\n';

for (const h of HEADS.requests) {
  rows.push(measure(`request parse: ${h.name}`, h.bytes.length, () => mustBe(req.execute(h.bytes), 'done', 'request parse')));
  const ll = llhttpParser('REQUEST');
  if (ll) rows.push(measure(`  llhttp (node:http binding): ${h.name}`, h.bytes.length, () => ll(h.bytes)));
  mustBe(req.execute(h.bytes), 'done', 'request parse');
  const head = req.head;
  rows.push(
    measure(`request serialize: ${h.name}`, h.bytes.length, () => {
      serializeRequestHead(head, { connection: 'keep-alive', extra: REQUEST_EXTRA, dropKinds: FORWARDING_DROP });
    }),
  );
}

for (const h of HEADS.responses) {
  rows.push(
    measure(`response parse: ${h.name}`, h.bytes.length, () => {
      res.startExchange(false);
      mustBe(res.execute(h.bytes), 'done', 'response parse');
    }),
  );
  const ll = llhttpParser('RESPONSE');
  if (ll) rows.push(measure(`  llhttp (node:http binding): ${h.name}`, h.bytes.length, () => ll(h.bytes)));
  res.startExchange(false);
  mustBe(res.execute(h.bytes), 'done', 'response parse');
  const head = res.head;
  rows.push(measure(`response serialize: ${h.name}`, h.bytes.length, () => void serializeResponseHead(head, { connection: 'none', extra: 'Via: 1.1 gatewise\r\n' })));
}

const decoder = createChunkedDecoder();
rows.push(measure(`chunked validate: ${HEADS.chunked.name}`, HEADS.chunked.bytes.length, () => mustBe(decoder.execute(HEADS.chunked.bytes), 'done', 'chunked decode')));

// Calibration: a bare loop over the bytes of the typical request, to read the figures above
// against this machine's speed (ns/byte of the simplest possible pass).
const calib = HEADS.requests[HEADS.requests.length - 1]!.bytes;
let sink = 0;
rows.push(
  measure('calibration: one bare loop over the typical request bytes', calib.length, () => {
    let s = 0;
    for (let i = 0; i < calib.length; i++) s += calib[i]!;
    sink += s;
  }),
);

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (x: number, d = 0): string => x.toFixed(d).padStart(9);
console.log(`http1 bench — node ${process.version}, ${ITERATIONS} iterations × ${ROUNDS} rounds, median; CPU = user+system time / iterations`);
console.log(`${pad('case', 62)} ${'bytes'.padStart(6)} ${'ns/head'.padStart(9)} ${'cpu ns'.padStart(9)} ${'heads/s'.padStart(11)} ${'B alloc'.padStart(9)}`);
for (const r of rows) {
  console.log(`${pad(r.name, 62)} ${String(r.bytes).padStart(6)} ${num(r.wallNs)} ${num(r.cpuNs)} ${num(1e9 / r.wallNs).padStart(11)} ${num(r.allocBytes)}`);
}
const byName = (n: string): Row | undefined => rows.find((r) => r.name === n);
for (const h of [...HEADS.requests.map((x) => ['request', x.name]), ...HEADS.responses.map((x) => ['response', x.name])]) {
  const ours = byName(`${h[0]} parse: ${h[1]}`);
  const theirs = byName(`  llhttp (node:http binding): ${h[1]}`);
  if (ours && theirs) console.log(`ratio llhttp/ours, ${h[0]} ${h[1]}: ${(theirs.cpuNs / ours.cpuNs).toFixed(2)}× (CPU)`);
}
if (llhttp === null) console.log('llhttp: _http_common not reachable in this Node; comparison skipped');
if (sink === 0) console.log('');
