// THE SCOREBOARD (issue 3 item 10): for every fault the lab can produce, does the gateway in front
// of it answer with the catalogue's status, name the fault's cause in Proxy-Status (RFC 9209) and
// in its access-log line, and never fall back to proxy_unclassified_error or a gateway-made 500?
// Abort-kind causes (the response had started) must reach the client as an aborted connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { causeOf } from '../../src/causes/index.ts';
import { createLab, type Lab, type FaultListing } from '../../src/lab/index.ts';
import { createAccessLog } from '../../src/telemetry/access-log/index.ts';
import { createGateway } from '../../src/gateway/gateway.ts';
import type { ExchangeRecord } from '../../src/telemetry/exchange-record.ts';
import { rawRequest, testConfig, type Exchange } from './support.ts';

let lab: Lab;
let dir: string;

before(async () => {
  lab = await createLab({});
  dir = mkdtempSync(join(tmpdir(), 'gatewise-scoreboard-'));
});

after(async () => {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Faults the gateway prevents by design rather than reports: the lab announces its short idle
 * timeout with `Keep-Alive: timeout=1`, the gateway retires the connection before it (DESIGN §4),
 * so the POST goes on a fresh connection and succeeds.
 */
const PREVENTED: Readonly<Record<string, string>> = {
  'short-keepalive-hinted': 'Keep-Alive: timeout= hint honoured: the idle connection is never reused',
};

/**
 * Faults the gateway usually prevents and otherwise reports as expected: the target's FIN on the
 * idle connection normally arrives before the next request, and the pool drops the connection
 * (DESIGN §4: detect a socket closed while idle); when the FIN and the request cross on the wire,
 * the POST is not retried and the answer is the fault's cause.
 */
const PREVENTED_OR_REPORTED: Readonly<Record<string, string>> = {
  'short-keepalive': 'the idle FIN usually arrives first: the pool drops that connection',
};

function requestBytes(fault: FaultListing, path: string, host: string): Buffer {
  const t = fault.trigger;
  const body = t.bodyBytes ? Buffer.alloc(t.bodyBytes, 0x78) : null;
  const head = `${t.method} ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: scoreboard\r\n${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n`;
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

async function drive(port: number, fault: FaultListing): Promise<Exchange> {
  const u = new URL(fault.url);
  const path = `${u.pathname}${u.search}`;
  const trigger = requestBytes(fault, path, u.host);
  if (!fault.trigger.primeOnSameConnection) return rawRequest(port, trigger, { timeoutMs: 8_000 });
  const prime = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`, 'latin1');
  // Prime and trigger on one client connection: the gateway reuses its upstream connection.
  return rawRequest(port, [prime, trigger], { expect: 2, gapMs: (fault.trigger.waitAfterPrimeMs ?? 0) + 20, timeoutMs: 8_000 });
}

function configFor(fault: FaultListing, logPath: string) {
  const u = new URL(fault.url);
  const hints = fault.trigger.proxyTimeouts ?? {};
  const above = hints.keepAliveIdleAboveMs;
  return testConfig({
    upstreams: [`${u.protocol}//${u.host}`],
    pool: {
      timeouts: {
        connectMs: hints.connectMs ?? 3_000,
        tlsMs: hints.tlsMs ?? 3_000,
        sendMs: hints.sendMs ?? 3_000,
        headersMs: hints.headersMs ?? 3_000,
        bodyIdleMs: hints.bodyMs ?? 3_000,
      },
      keepAlive: { idleMs: above === undefined ? 4_000 : above + 2_000, hintMarginMs: 1_000, maxIdlePerTarget: 8 },
      tls: { verify: fault.trigger.verifyTls ?? false, caFile: null, serverName: null, certFile: null, keyFile: null },
    },
    gateway: { accessLog: { path: logPath, format: 'json' } },
  });
}

test('every lab fault through the gateway', async (t) => {
  const results: string[] = [];
  for (const fault of lab.faults) {
    await t.test(`${fault.id} → ${fault.expectCause}`, async () => {
      const logPath = join(dir, `${fault.id}.log`);
      const config = configFor(fault, logPath);
      const accessLog = createAccessLog(config.accessLog, { flushIntervalMs: 20 });
      const records: ExchangeRecord[] = [];
      const errors: unknown[] = [];
      const gateway = createGateway(config, {
        sink: { write: (r) => (records.push(r), accessLog.write(r)) },
        onInternalError: (e) => errors.push(e),
        resolver: fault.trigger.resolver ? { servers: [fault.trigger.resolver], timeoutMs: fault.trigger.proxyTimeouts?.resolveMs ?? 2_000 } : null,
      });
      const [bound] = await gateway.listen();
      try {
        const ex = await drive(bound!.port, fault);
        await gateway.close(1_000);
        await accessLog.close();
        const cause = causeOf(fault.expectCause);
        const last = ex.responses[fault.trigger.primeOnSameConnection ? 1 : 0];
        const record = records[records.length - 1];
        const lines = readFileSync(logPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
        const line = lines[lines.length - 1];
        assert.deepEqual(errors, [], 'no internal errors');
        for (const r of records) {
          assert.notEqual(r.cause, 'proxy_unclassified_error', `unclassified: ${JSON.stringify(r.attempts)}`);
          assert.ok(!(r.origin === 'gateway' && r.status === 500), 'no gateway-made 500');
        }
        assert.ok(record !== undefined, 'a record for the request');
        assert.equal(lines.length, records.length, 'one access-log line per record');
        if (PREVENTED_OR_REPORTED[fault.id] !== undefined && last?.status === 200) {
          assert.equal(record.cause, null);
          results.push(`${fault.id}: prevented (200)`);
          return;
        }
        if (PREVENTED[fault.id] !== undefined) {
          assert.equal(last?.status, 200, `prevented (${PREVENTED[fault.id]}): expected 200, got ${last?.status} ${ex.raw.toString('latin1').slice(0, 300)}`);
          assert.equal(record.cause, null);
          results.push(`${fault.id}: prevented (200)`);
          return;
        }
        switch (cause.outcome.kind) {
          case 'respond': {
            assert.ok(last !== undefined, `a response; got ${ex.ended}: ${ex.raw.toString('latin1').slice(0, 200)}`);
            assert.equal(last.status, cause.outcome.status, `status; body: ${last.body.toString()}`);
            assert.match(last.headers.get('proxy-status') ?? '', new RegExp(`details="${fault.expectCause}"`));
            break;
          }
          case 'abort': {
            // The head went out (200), the body did not complete: the connection ended early.
            assert.notEqual(ex.ended, 'open', 'the client connection was aborted');
            assert.ok(last === undefined, 'no complete response reached the client');
            assert.match(ex.raw.toString('latin1'), /^HTTP\/1\.1 200 /);
            break;
          }
          case 'pass-through': {
            assert.ok(last !== undefined);
            const status = Number(/\d{3}/.exec(fault.id)?.[0]);
            assert.equal(last.status, status, 'the target status, unchanged');
            assert.equal(last.headers.get('proxy-status'), `gatewise; received-status=${status}`);
            assert.equal(record.origin, 'target');
            break;
          }
          case 'log-only':
            assert.fail(`${fault.expectCause} is log-only: a lab fault cannot produce it`);
        }
        assert.equal(record.cause, fault.expectCause, 'record cause');
        assert.equal(line.cause, fault.expectCause, 'access-log cause');
        results.push(`${fault.id}: ${fault.expectCause} ok`);
      } finally {
        await gateway.close(200);
        await accessLog.close();
      }
    });
  }
  t.diagnostic(`scoreboard: ${results.length}/${lab.faults.length} faults pass`);
});
