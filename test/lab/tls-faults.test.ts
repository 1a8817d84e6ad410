// Do the TLS faults fail exactly at TLS: a plain request to the TLS-only port gets a TLS
// protocol_version alert (bytes 15 03 01 00 02 02 46) then FIN while a TLS client trusting the lab CA
// is served; a verifying client rejects tls-bad-certificate (a non-verifying one is served); the
// handshake-stall port reads the ClientHello and never answers; the handshake-failure port answers
// it with a fatal handshake_failure alert (15 03 03 00 02 02 28) then FIN?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { connectRaw, eventually, faultUrl, portOf, startLab, wrapSocket } from './raw-client.ts';

const lab = await startLab();

function handshake(options: ConnectionOptions, timeoutMs: number): Promise<{ outcome: 'secure' | 'pending' | string; socket: TLSSocket }> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', ...options });
    const timer = setTimeout(() => resolve({ outcome: 'pending', socket }), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve({ outcome: 'secure', socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ outcome: error.code ?? error.message, socket });
    });
  });
}

async function httpsGet(socket: TLSSocket, path: string): Promise<string> {
  const raw = wrapSocket(socket);
  raw.write(`GET ${path} HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n`);
  await raw.ended(2000);
  return raw.text;
}

test('tls-only: a plain HTTP request gets a TLS protocol_version alert, then FIN', async () => {
  const url = faultUrl(lab, 'tls-only');
  assert.match(url, /^http:\/\//, 'listed as http://: the plain request is the trigger');
  const raw = await connectRaw(portOf(url));
  raw.write('GET / HTTP/1.1\r\nHost: lab\r\n\r\n');
  assert.equal(await raw.ended(2000), 'fin');
  assert.deepEqual([...raw.received], [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]);
});

test('tls-only: a TLS client that trusts the lab CA is served over TLS (routes of the main listener)', async () => {
  const { outcome, socket } = await handshake({ port: portOf(faultUrl(lab, 'tls-only')), ca: lab.caCertPem, servername: 'localhost' }, 2000);
  assert.equal(outcome, 'secure');
  const text = await httpsGet(socket, '/fault/target-503');
  assert.match(text, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
  assert.ok(lab.events.some((e) => e.type === 'tls-established'), 'a tls-established event');
});

test('tls-bad-certificate: a verifying client rejects the certificate', async () => {
  const port = portOf(faultUrl(lab, 'tls-bad-certificate'));
  assert.equal(lab.faults.find((f) => f.id === 'tls-bad-certificate')?.trigger.verifyTls, true);
  const { outcome, socket } = await handshake({ port, servername: 'localhost' }, 2000);
  socket.destroy();
  assert.equal(outcome, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  // Even trusting the certificate itself, the name is wrong.
  const named = await handshake({ port, servername: 'localhost', ca: lab.caCertPem }, 2000);
  named.socket.destroy();
  assert.notEqual(named.outcome, 'secure');
});

test('tls-bad-certificate: a client that does not verify is served (the target works; verification fails)', async () => {
  const { outcome, socket } = await handshake({ port: portOf(faultUrl(lab, 'tls-bad-certificate')), rejectUnauthorized: false }, 2000);
  assert.equal(outcome, 'secure');
  assert.equal(socket.getPeerCertificate().subject.CN, 'gatewise-lab.invalid');
  assert.match(await httpsGet(socket, '/healthy'), /\r\n\r\nok\n$/);
});

test('tls-handshake-stall: the ClientHello is read and never answered', async () => {
  const port = portOf(faultUrl(lab, 'tls-handshake-stall'));
  const { outcome, socket } = await handshake({ port, rejectUnauthorized: false }, 800);
  assert.equal(outcome, 'pending', `the handshake ended as ${outcome}`);
  const accepted = lab.events.findLast((e) => e.type === 'accepted' && e.listener === 'tls-handshake-stall');
  assert.ok(accepted && accepted.type === 'accepted');
  const inBytes = lab.events.filter((e) => e.type === 'bytes-in' && e.conn === accepted.conn);
  const outBytes = lab.events.filter((e) => e.type === 'bytes-out' && e.conn === accepted.conn);
  assert.ok(inBytes.length > 0, 'the lab read the ClientHello');
  assert.equal(outBytes.length, 0, 'the lab sent nothing');
  socket.destroy();
  await eventually(() => lab.events.some((e) => e.type === 'closed' && e.conn === accepted.conn), 2000, 'the lab closed after the client left');
});

test('tls-handshake-failure: a ClientHello gets a fatal handshake_failure alert, then FIN', async () => {
  const port = portOf(faultUrl(lab, 'tls-handshake-failure'));
  const { outcome } = await handshake({ port, rejectUnauthorized: false }, 2000);
  assert.match(outcome, /HANDSHAKE_FAILURE/i);
  const raw = await connectRaw(port);
  raw.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00]));
  assert.equal(await raw.ended(2000), 'fin');
  assert.deepEqual([...raw.received], [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
});
