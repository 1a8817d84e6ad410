// Question: when a target's response head is malformed, does the flight recorder keep its first
// bytes — bounded, with header values redacted except the kept names — in a ring the admin API
// shows (like HAProxy `show errors`)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { DEFAULT_FLIGHT_RECORDER } from '../../src/config/defaults.ts';
import { redactHead } from '../../src/gateway/control/flight-recorder.ts';
import { adminJson, get, startControlled } from './support.ts';

const HEAD =
  'HTTP/1.1 200 OK\r\n' +
  'Set-Cookie: session=SECRET-SESSION\r\n' +
  'Content-Length: 3\r\n' +
  'X-Api-Key: SECRET-KEY\r\n' +
  'Bad Header: value\r\n' +
  '\r\n' +
  'ok\n';

test('redaction keeps the status line, field names, the kept values and lines without a colon', () => {
  const { text, redacted } = redactHead(HEAD, new Set(DEFAULT_FLIGHT_RECORDER.keepValues));
  assert.equal(redacted, 3);
  assert.doesNotMatch(text, /SECRET/);
  assert.match(text, /^HTTP\/1\.1 200 OK\r\nSet-Cookie: <redacted>\r\nContent-Length: 3\r\nX-Api-Key: <redacted>\r\nBad Header: <redacted>\r\n/);
});

test('a malformed head from a target is recorded, redacted and bounded, and shown by the admin API', async () => {
  const server = createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => s.end(HEAD));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const gw = await startControlled({ upstreams: [`http://127.0.0.1:${port}`], gateway: { flightRecorder: { entries: 2, maxBytes: 64, keepValues: ['content-length'] } } });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await get(gw.port, `/r${i}`)).status, 502);
    const r = await adminJson(gw.admin, '/api/flight-recorder');
    const recs = r.json.recordings as { head: string; truncated: boolean; code: string; target: string; requestId: string; redacted: number }[];
    assert.equal(recs.length, 2, 'a ring of 2 keeps the newest 2');
    const rec = recs[0]!;
    assert.equal(rec.target, `127.0.0.1:${port}`);
    assert.match(rec.code, /^HPE_|header/i);
    assert.ok(rec.head.length <= 64 + 40, 'bounded by max_bytes (plus the redaction markers)');
    assert.equal(rec.truncated, true);
    assert.doesNotMatch(rec.head, /SECRET/);
    assert.match(rec.head, /Set-Cookie: <redacted>/);
    assert.equal(gw.records.at(-1)!.requestId, rec.requestId, 'the entry names the request id of the access log line');
    const metrics = await (await fetch(`${gw.admin.url}/metrics`)).text();
    assert.match(metrics, /gatewise_flight_recorder_entries_total 3/);
  } finally {
    await gw.close();
    server.close();
  }
});
