// Question: is an active health check's failure named by the gateway's own classifier, so that a
// target failing in each of the lab's ways (refused, black hole, reset, TLS/plain mismatch both
// ways, bad certificate, stalled or failed handshake, NXDOMAIN, a resolver that never answers) is
// marked unhealthy with exactly the cause the lab says it produces?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLab } from '../../src/lab/index.ts';
import { poolWith, startControlled, waitFor } from './support.ts';

test('health checks against every lab port fault: the unhealthy event carries the fault\'s cause', async () => {
  const lab = await createLab({});
  try {
    const faults = lab.faults.filter((f) => f.kind === 'port');
    assert.ok(faults.length >= 8, `port faults: ${faults.map((f) => f.id).join(', ')}`);
    const results = await Promise.all(
      faults.map(async (fault) => {
        const gw = await startControlled(
          { upstreams: [fault.url], pool: { health: poolWith({ check: { path: '/', intervalMs: 5_000, timeoutMs: 1_500, unhealthyThreshold: 1 } }) } },
          null,
          fault.trigger.resolver ? { servers: [fault.trigger.resolver], timeoutMs: 500 } : null,
        );
        try {
          const event = await waitFor(`an unhealthy event for ${fault.id}`, () => gw.events.find((e) => e.kind === 'unhealthy'), 8_000);
          return { id: fault.id, expected: fault.expectCause, got: event.cause, detail: event.detail };
        } finally {
          await gw.close();
        }
      }),
    );
    for (const r of results) console.log(`# ${r.id}: ${r.got} (${r.detail})`);
    assert.deepEqual(
      results.map((r) => [r.id, r.got]),
      results.map((r) => [r.id, r.expected]),
    );
  } finally {
    await lab.close();
  }
});
