// Do the port faults fail the way their causes say, before any HTTP: refused (ECONNREFUSED),
// blackhole (the connect itself never completes, while the main port connects at once), reset on
// accept (RST before a byte is read), and plain-only (a TLS ClientHello gets a clear-text 400)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { connectRaw, eventually, faultUrl, mainPort, portOf, startLab } from './raw-client.ts';

const lab = await startLab();

function connectOutcome(port: number, timeoutMs: number): Promise<{ outcome: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome, ms: Date.now() - started });
    };
    const timer = setTimeout(() => done('pending'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
  });
}

test('refused: the connect is refused (ECONNREFUSED)', async () => {
  const { outcome } = await connectOutcome(portOf(faultUrl(lab, 'refused')), 2000);
  assert.equal(outcome, 'ECONNREFUSED');
});

test('blackhole: a connect does not complete within 1.5 s, while the main port connects at once', async () => {
  const [hole, main] = await Promise.all([
    connectOutcome(portOf(faultUrl(lab, 'blackhole')), 1500),
    connectOutcome(mainPort(lab), 1500),
  ]);
  assert.equal(main.outcome, 'connected');
  assert.equal(hole.outcome, 'pending', `the blackhole connect ended as ${hole.outcome} after ${hole.ms} ms`);
  assert.ok(
    lab.events.some((e) => e.type === 'note' && /blackhole: .* accept queue full/.test(e.text)),
    'the lab verified at start that its accept queue is full',
  );
});

test('blackhole: still a blackhole after a client gave up (the queue stays full)', async () => {
  const again = await connectOutcome(portOf(faultUrl(lab, 'blackhole')), 800);
  assert.equal(again.outcome, 'pending');
});

test('reset-on-accept: RST right after accept, before the lab reads a byte', async () => {
  const port = portOf(faultUrl(lab, 'reset-on-accept'));
  const silent = connect({ host: '127.0.0.1', port });
  const code = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve('no reset within 2000 ms'), 2000);
    silent.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? 'error');
    });
    silent.once('end', () => {
      clearTimeout(timer);
      resolve('FIN');
    });
  });
  silent.destroy();
  assert.equal(code, 'ECONNRESET');
  await eventually(() => lab.events.some((e) => e.type === 'rst-sent'), 1000, 'an rst-sent event');
  const accepted = lab.events.filter((e) => e.type === 'accepted' && e.listener === 'reset-on-accept');
  assert.ok(accepted.length >= 1);
  for (const a of accepted) {
    if (a.type !== 'accepted') continue;
    assert.ok(!lab.events.some((e) => e.type === 'request' && e.conn === a.conn), 'no request was parsed on a reset-on-accept connection');
  }
});

test('plain-only: listed as https://; a TLS client fails, a ClientHello gets "HTTP/1.1 400 Bad Request" in clear then FIN', async () => {
  const url = faultUrl(lab, 'plain-only');
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  const port = portOf(url);
  const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, 2000);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
  assert.ok(error, 'the TLS handshake must fail');
  assert.equal(error.code, 'ERR_SSL_WRONG_VERSION_NUMBER');
  const raw = await connectRaw(port);
  raw.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
  assert.equal(await raw.ended(2000), 'fin');
  assert.match(raw.text, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(raw.text, /\r\nConnection: close\r\n/);
});

test('plain-only still serves plain HTTP (it is a plain port, not a broken one)', async () => {
  const raw = await connectRaw(portOf(faultUrl(lab, 'plain-only')));
  raw.write('GET /healthy HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n');
  assert.equal(await raw.ended(2000), 'fin');
  assert.match(raw.text, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok\n$/);
});
