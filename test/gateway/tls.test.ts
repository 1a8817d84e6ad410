// Does TLS work on both sides with certificates made by openssl at test time? A TLS listener
// (ALPN http/1.1 and http/1.0; plain HTTP sent to it answered with a plain 400); targets verified
// against a CA bundle with SNI; a client certificate (mTLS);
// and the TLS failures mapped: an unknown CA or a wrong name → upstream_tls_certificate_invalid,
// a target demanding a client certificate we do not have → upstream_tls_failed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as createTlsServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { DEFAULT_UPSTREAM_TLS } from '../../src/config/defaults.ts';
import { rawRequest, startGateway, testConfig } from './support.ts';

let dir: string;
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

function issue(name: string, subject: string, san: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-subj', `/CN=${subject}`, '-out', file(`${name}.csr`));
  writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-out', file(`${name}.crt`), '-extfile', file(`${name}.ext`));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewise-tls-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '2', '-subj', '/CN=gatewise test CA');
  issue('target', 'target.test', 'DNS:target.test,IP:127.0.0.1');
  issue('client', 'gatewise client', 'DNS:client.test');
  issue('listener', 'gateway.test', 'DNS:gateway.test,IP:127.0.0.1');
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function tlsTarget(requireClientCert = false): Promise<{ url: string; sni: string[]; close(): Promise<void>; server: Server }> {
  const sni: string[] = [];
  const server = createTlsServer(
    {
      cert: readFileSync(file('target.crt')),
      key: readFileSync(file('target.key')),
      ca: readFileSync(file('ca.crt')),
      requestCert: requireClientCert,
      rejectUnauthorized: requireClientCert,
      ALPNProtocols: ['http/1.1'],
    },
    (socket: TLSSocket) => {
      sni.push(String(socket.servername));
      socket.on('error', () => {});
      socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure'));
    },
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, sni, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const get = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

test('to a target: verified with the CA bundle and the SNI name', async () => {
  const target = await tlsTarget();
  const gw = await startGateway(testConfig({ upstreams: [target.url], pool: { tls: { ...DEFAULT_UPSTREAM_TLS, verify: true, caFile: file('ca.crt'), serverName: 'target.test' } } }));
  try {
    const ex = await rawRequest(gw.port, get + get, { expect: 2 });
    assert.deepEqual(ex.responses.map((r) => r.body.toString()), ['secure', 'secure']);
    assert.deepEqual(target.sni, ['target.test'], 'one TLS connection, reused, with SNI');
    assert.ok((gw.records[0]?.attempts[0]?.tlsMs ?? -1) >= 0, 'the tls phase was timed');
  } finally {
    await gw.close();
    await target.close();
  }
});

for (const [name, tls] of [
  ['an unknown CA', { ...DEFAULT_UPSTREAM_TLS, verify: true }],
  ['a name the certificate does not hold', { ...DEFAULT_UPSTREAM_TLS, verify: true, caFile: 'CA', serverName: 'other.test' }],
] as const) {
  test(`to a target: ${name} → 502 upstream_tls_certificate_invalid`, async () => {
    const target = await tlsTarget();
    const gw = await startGateway(testConfig({ upstreams: [target.url], pool: { tls: { ...tls, caFile: tls.caFile === 'CA' ? file('ca.crt') : null } } }));
    try {
      const ex = await rawRequest(gw.port, get);
      assert.equal(ex.responses[0]?.status, 502);
      assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /error=tls_certificate_error; details="upstream_tls_certificate_invalid"/);
      assert.equal(gw.records[0]?.phase, 'tls');
    } finally {
      await gw.close();
      await target.close();
    }
  });
}

test('mutual TLS: with the client certificate 200; without it upstream_tls_failed', async () => {
  const target = await tlsTarget(true);
  const base = { ...DEFAULT_UPSTREAM_TLS, verify: true, caFile: file('ca.crt'), serverName: 'target.test' };
  const withCert = await startGateway(testConfig({ upstreams: [target.url], pool: { tls: { ...base, certFile: file('client.crt'), keyFile: file('client.key') } } }));
  const without = await startGateway(testConfig({ upstreams: [target.url], pool: { tls: base, retries: { attempts: 1, budgetPercent: 0 } } }));
  try {
    assert.equal((await rawRequest(withCert.port, get)).responses[0]?.body.toString(), 'secure');
    const ex = await rawRequest(without.port, get);
    assert.equal(ex.responses[0]?.status, 502);
    assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /details="upstream_tls_failed"/);
  } finally {
    await withCert.close();
    await without.close();
    await target.close();
  }
});

/** A gateway with a TLS listener (certificate for gateway.test) in front of a TLS target. */
function tlsListenerGateway(target: { url: string }) {
  return startGateway(
    testConfig({
      upstreams: [target.url],
      pool: { tls: { ...DEFAULT_UPSTREAM_TLS, verify: false } },
      gateway: { listeners: [{ name: 'secure', host: '127.0.0.1', port: 0, tls: { certFile: file('listener.crt'), keyFile: file('listener.key') } }] },
    }),
  );
}

/** A TLS client of the gateway offering `alpn`, once its handshake is done. */
async function clientOf(port: number, alpn: string[]): Promise<TLSSocket> {
  const socket = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(file('ca.crt')), servername: 'gateway.test', ALPNProtocols: alpn });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Send `request` and collect the answer until it ends with the target's body ("secure"). */
async function answerTo(socket: TLSSocket, request: string): Promise<string> {
  let got = '';
  socket.on('data', (c) => (got += c));
  socket.write(request);
  for (let i = 0; i < 100 && !got.endsWith('secure'); i++) await new Promise((r) => setTimeout(r, 20));
  socket.destroy();
  return got;
}

test('a TLS listener: HTTPS in, ALPN http/1.1, logged as https with protocol and cipher', async () => {
  const target = await tlsTarget();
  const gw = await tlsListenerGateway(target);
  try {
    const socket = await clientOf(gw.port, ['h2', 'http/1.1']);
    assert.equal(socket.alpnProtocol, 'http/1.1');
    assert.match(await answerTo(socket, get), /^HTTP\/1\.1 200 /);
    const r = gw.records[0]!;
    assert.equal(r.type, 'https');
    assert.match(r.tlsProtocol ?? '', /^TLSv1\.[23]$/);
    assert.ok((r.tlsCipher ?? '').length > 0);
    assert.equal(r.listener, 'secure');
  } finally {
    await gw.close();
    await target.close();
  }
});

test('a TLS listener: a client offering only http/1.0 by ALPN is served; plain HTTP gets a plain 400 that says so', async () => {
  const target = await tlsTarget();
  const gw = await tlsListenerGateway(target);
  try {
    // curl --http1.0 offers only "http/1.0": with http/1.1 alone listed, the handshake ended in a
    // no_application_protocol alert.
    const socket = await clientOf(gw.port, ['http/1.0']);
    assert.equal(socket.alpnProtocol, 'http/1.0');
    assert.match(await answerTo(socket, 'GET / HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 200 /);

    // Plain HTTP to the TLS port (NGINX: "The plain HTTP request was sent to HTTPS port").
    const plain = await rawRequest(gw.port, 'GET /x HTTP/1.1\r\nHost: a\r\n\r\n', { expect: 2, timeoutMs: 3_000 });
    const res = plain.responses[0];
    assert.equal(res?.status, 400);
    assert.match(res?.headers.get('proxy-status') ?? '', /details="client_request_invalid"/);
    assert.match(res?.body.toString() ?? '', /plain HTTP was sent to a TLS listener: use https:\/\//);
    assert.equal(plain.ended, 'fin');
    const r = gw.records.at(-1)!;
    assert.equal(r.cause, 'client_request_invalid');
    assert.equal(r.type, 'https');
    assert.equal(r.status, 400);
  } finally {
    await gw.close();
    await target.close();
  }
});
