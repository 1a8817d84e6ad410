// Question: does /metrics count what the issue asks for — requests, responses by status class and
// origin, gateway-made errors by cause, connect and TLS errors per target, the response time
// histogram, targets by state, connections — in a format `promtool check metrics` accepts?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { requireBinary } from '../support/binaries.ts';
import { get, poolWith, startControlled, startTarget } from './support.ts';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  assert.ok(line, `series ${series} is missing`);
  return Number(line.slice(series.length + 1));
}

test('/metrics counts by cause, origin, target and state, and promtool check metrics accepts it', async (t) => {
  const ok = await startTarget();
  const dead = await closedPort();
  const plain = await startTarget(); // spoken to as https: the handshake fails
  const gw = await startControlled({
    upstreams: [ok.url, `http://127.0.0.1:${dead}`, `https://127.0.0.1:${plain.port}`],
    pool: { health: poolWith({}), retries: { attempts: 1, budgetPercent: 0 } },
  });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await get(gw.port, '/')).status);
    assert.deepEqual(statuses.filter((s) => s === 200).length, 3);
    const text = await (await fetch(`${gw.admin.url}/metrics`)).text();
    assert.equal(value(text, 'gatewise_requests_total'), 9);
    assert.equal(value(text, 'gatewise_responses_total{code_class="2xx",origin="target"}'), 3);
    assert.equal(value(text, 'gatewise_responses_total{code_class="5xx",origin="gateway"}'), 6);
    assert.equal(value(text, 'gatewise_gateway_errors_total{cause="upstream_connect_refused",code="502"}'), 3);
    assert.equal(value(text, `gatewise_target_connection_errors_total{pool="default",target="127.0.0.1:${dead}",cause="upstream_connect_refused"}`), 3);
    const tls = text.split('\n').filter((l) => l.startsWith(`gatewise_target_tls_errors_total{pool="default",target="127.0.0.1:${plain.port}"`));
    assert.equal(tls.reduce((n, l) => n + Number(l.split(' ').pop()), 0), 3, tls.join('\n'));
    assert.equal(value(text, `gatewise_target_response_time_seconds_count{pool="default",target="127.0.0.1:${ok.port}"}`), 3);
    assert.equal(value(text, `gatewise_target_response_time_seconds_bucket{pool="default",target="127.0.0.1:${ok.port}",le="+Inf"}`), 3);
    assert.equal(value(text, 'gatewise_targets{pool="default",state="healthy"}'), 3);
    assert.equal(value(text, 'gatewise_client_connections_total'), 9);
    assert.equal(value(text, 'gatewise_gateway_errors_total{cause="no_healthy_upstream",code="none"}'), 0, 'unseen causes are present at 0');
    const promtool = requireBinary(t, 'promtool', 'prometheus');
    if (promtool === null) return;
    const check = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  } finally {
    await gw.close();
    await ok.stop();
    await plain.stop();
  }
});
