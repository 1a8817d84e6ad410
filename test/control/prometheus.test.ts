// Question: are the shipped alert rules valid and do they fire when they should (promtool check
// rules / test rules), and can a real Prometheus scrape a real `gatewise serve` and answer "how many
// 502s did the gateway make, by cause" after the lab produced one?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab } from '../../src/lab/index.ts';
import { requireBinary } from '../support/binaries.ts';
import { get, waitFor } from './support.ts';
import { startServe } from './serve-process.ts';

const RULES_DIR = resolve(import.meta.dirname, '../../deploy/prometheus');

test('promtool check rules and promtool test rules pass', (t) => {
  const promtool = requireBinary(t, 'promtool', 'prometheus');
  if (promtool === null) return;
  const check = spawnSync(promtool, ['check', 'rules', 'gatewise-alerts.yml'], { cwd: RULES_DIR, encoding: 'utf8', timeout: 30_000 });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /SUCCESS: 6 rules found/);
  const unit = spawnSync(promtool, ['test', 'rules', 'gatewise-alerts.test.yml'], { cwd: RULES_DIR, encoding: 'utf8', timeout: 60_000 });
  assert.equal(unit.status, 0, unit.stdout + unit.stderr);
  assert.match(unit.stdout, /SUCCESS/);
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('a real Prometheus scrapes the gateway and answers a query for the 502 by cause', async (t) => {
  const prometheusBin = requireBinary(t, 'prometheus');
  if (prometheusBin === null) return;
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-prom-'));
  const lab = await createLab({});
  const gw = await startServe(['--listen', '127.0.0.1:0', '--upstream', lab.origin, '--admin', '127.0.0.1:0']);
  const promPort = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${join(RULES_DIR, 'gatewise-alerts.yml')}\nscrape_configs:\n  - job_name: gatewise\n    static_configs:\n      - targets: ['127.0.0.1:${gw.adminPort}']\n`,
  );
  const prom = spawn(prometheusBin, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let promLog = '';
  prom.stderr!.on('data', (c) => (promLog = (promLog + c).slice(-4000)));
  const query = async (q: string) => {
    const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
    return (await r.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  };
  try {
    const fault = lab.faults.find((f) => f.id === 'malformed-status-line')!;
    const r = await get(gw.port, new URL(fault.url).pathname);
    assert.equal(r.status, 502);
    assert.match(String(r.headers['proxy-status']), /upstream_bad_response/);
    const result = await waitFor(
      'Prometheus to have scraped the 502',
      async () => {
        try {
          const res = await query('sum by (cause) (gatewise_gateway_errors_total{code="502"})');
          return res.data.result.find((s) => s.metric.cause === 'upstream_bad_response' && Number(s.value[1]) >= 1) ?? null;
        } catch {
          return null; // not up yet
        }
      },
      30_000,
      250,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; prometheus log tail: ${promLog}`);
    });
    console.log(`# Prometheus: sum by (cause) (gatewise_gateway_errors_total{code="502"}) → ${JSON.stringify(result.metric)} ${result.value[1]}`);
    const up = await query('up{job="gatewise"}');
    assert.equal(up.data.result[0]?.value[1], '1');
    const rules = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
    const health = rules.data.groups.flatMap((g) => g.rules.map((r2) => `${r2.name}:${r2.health}`));
    assert.equal(health.length, 6);
    await waitFor('every rule evaluated without error', async () => {
      const again = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`)).json()) as typeof rules;
      return again.data.groups.flatMap((g) => g.rules).every((r2) => r2.health === 'ok');
    }, 10_000, 250);
  } finally {
    prom.kill('SIGTERM');
    await new Promise((r) => prom.once('exit', r));
    gw.kill('SIGTERM');
    await gw.exitCode();
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
