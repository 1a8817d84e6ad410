// What the control plane costs per request on the gateway's hot path: `ControlPlane.observe` (the
// metrics collector, passive health, the recent-errors ring) for each finished exchange, measured
// as CPU time per record (process.cpuUsage: stable on a shared machine) over a bounded loop.
// Run: npm run bench:control
import { createControlPlane } from '../../src/gateway/control/control-plane.ts';
import { createGateway } from '../../src/gateway/gateway.ts';
import type { ExchangeRecord } from '../../src/telemetry/exchange-record.ts';
import { testConfig } from '../../test/gateway/support.ts';

const N = 2_000_000;
const config = testConfig({ upstreams: ['http://127.0.0.1:9001', 'http://127.0.0.1:9002'] });
const control = createControlPlane({ config });
const gateway = createGateway(config, { sink: control.sink(null) });
control.attach(gateway);
const targets = gateway.pools.get('default')!.targets;

function record(i: number): ExchangeRecord {
  const target = targets[i % targets.length]!;
  const failed = i % 100 === 0; // 1% gateway-made errors
  return {
    type: 'http', startedAtMs: 0, endedAtMs: 0, listener: 'main', client: { address: '127.0.0.1', port: 1 }, requestId: 'r', method: 'GET', target: '/',
    httpVersion: 'HTTP/1.1', host: null, userAgent: null, tlsCipher: null, tlsProtocol: null, requestProcessingMs: 0.01, targetProcessingMs: 0.2, responseProcessingMs: 0.01,
    status: failed ? 502 : 200, origin: failed ? 'gateway' : 'target', receivedBytes: 100, sentBytes: 200, cause: failed ? 'upstream_reset_before_response' : null, phase: failed ? 'headers' : null,
    recovered: null, pool: 'default',
    attempts: [{ target: target.endpoint, status: failed ? null : 200, cause: failed ? 'upstream_reset_before_response' : null, reused: true, idleBeforeMs: 1, connectMs: null, tlsMs: null, headersMs: 0.2, errorCode: failed ? 'ECONNRESET' : null }],
  };
}

// Records are built before timing: the gateway builds them anyway; we measure what observing adds.
const records = Array.from({ length: 1000 }, (_, i) => record(i));
const sink = control.sink(null);
for (let i = 0; i < 200_000; i++) sink.write(records[i % 1000]!); // warm up
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i++) sink.write(records[i % 1000]!);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
control.stop();
await gateway.close(0);
const nsPerRecord = ((cpu.user + cpu.system) * 1000) / N;
process.stdout.write(`control plane observe: ${N} records, ${nsPerRecord.toFixed(0)} ns CPU per record (${((wall * 1e6) / N).toFixed(0)} ns wall), 1% gateway-made errors\n`);
