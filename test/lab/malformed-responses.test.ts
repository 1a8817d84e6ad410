// Does each malformed-response fault send exactly the bytes it claims, byte for byte, and then FIN?
// The expected bytes are written here independently of the fault files, so a change on either side
// is caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectRaw, get, mainPort, startLab } from './raw-client.ts';

const lab = await startLab();
const port = mainPort(lab);

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n';

const EXPECTED: Record<string, string> = {
  'malformed-status-line': 'HTTP/1.1 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n',
  'header-no-colon': `${HEAD}Content-Length: 3\r\nX-Lab-Broken header-without-colon\r\nConnection: close\r\n\r\nok\n`,
  'header-space-before-colon': `${HEAD}Content-Length: 3\r\nX-Lab-Space : before-colon\r\nConnection: close\r\n\r\nok\n`,
  'header-nul-in-value': `${HEAD}Content-Length: 3\r\nX-Lab-Nul: a\x00b\r\nConnection: close\r\n\r\nok\n`,
  'header-bare-cr': `${HEAD}Content-Length: 3\r\nX-Lab-Cr: a\rb\r\nConnection: close\r\n\r\nok\n`,
  'header-obs-fold': `${HEAD}Content-Length: 3\r\nX-Lab-Fold: first\r\n folded\r\nConnection: close\r\n\r\nok\n`,
  'cl-and-te': `${HEAD}Content-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nok\n\r\n0\r\n\r\n`,
  'duplicate-content-length': `${HEAD}Content-Length: 3\r\nContent-Length: 4\r\nConnection: close\r\n\r\nok\n`,
  'invalid-content-length': `${HEAD}Content-Length: abc\r\nConnection: close\r\n\r\nok\n`,
  'unknown-transfer-encoding': `${HEAD}Transfer-Encoding: x-lab-unknown\r\nConnection: close\r\n\r\nok\n`,
  'invalid-chunked-body': `${HEAD}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nok\n\r\nzz\r\nnot hex\r\n0\r\n\r\n`,
};

for (const [id, expected] of Object.entries(EXPECTED)) {
  test(`${id}: sends exactly its bytes, then FIN`, async () => {
    const client = await connectRaw(port);
    client.write(get(`/fault/${id}`));
    assert.equal(await client.ended(2000), 'fin');
    assert.equal(client.received.toString('latin1'), expected);
    client.destroy();
  });
}

test('every malformed-response fault in the listing is checked byte for byte here', () => {
  const raw = lab.faults.filter((f) => ['upstream_bad_response', 'upstream_bad_framing', 'upstream_bad_chunked_body'].includes(f.expectCause));
  assert.deepEqual(raw.map((f) => f.id).sort(), Object.keys(EXPECTED).sort());
});

test('a request body is read before the malformed answer (a POST is never answered mid-upload)', async () => {
  const client = await connectRaw(port);
  client.write('POST /fault/header-obs-fold HTTP/1.1\r\nHost: lab\r\nContent-Length: 10\r\n\r\n12345');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(client.received.length, 0, 'nothing before the body is complete');
  client.write('67890');
  assert.equal(await client.ended(2000), 'fin');
  assert.equal(client.received.toString('latin1'), EXPECTED['header-obs-fold']);
});

test('oversized-head: the head is larger than bytes (default 64 KiB), made of 1 KiB fields, then a 3-byte body and FIN', async () => {
  for (const [query, bytes] of [['', 65_536], ['?bytes=2000', 2000]] as const) {
    const client = await connectRaw(port);
    client.write(get(`/fault/oversized-head${query}`));
    assert.equal(await client.ended(3000), 'fin');
    const text = client.received.toString('latin1');
    const headEnd = text.indexOf('\r\n\r\n');
    assert.ok(headEnd > bytes, `head of ${headEnd} bytes is not larger than ${bytes}`);
    assert.ok(headEnd < bytes + 2200, `head of ${headEnd} bytes is far larger than asked (${bytes})`);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain\r\nX-Lab-Fill-00001: a{1000}\r\n/);
    assert.ok(text.endsWith('\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n'));
  }
});
