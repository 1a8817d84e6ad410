// Does the NGINX/HAProxy checker find every mistake planted in real configs — at its exact file and
// line, with its cause — and nothing in clean ones? Every rendered fixture first passes the real
// `nginx -t` / `haproxy -c`, so the checker is tested on configs the proxies accept; the NGINX
// checker must give the same findings from the file tree and from `nginx -T` output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireBinary } from '../support/binaries.ts';
import { readListeners } from '../../src/probe/listeners/proc-net-tcp.ts';
import { lintHaproxyFile, lintNginxDump, lintNginxFile, type LintOptions } from '../../src/probe/config-lint/index.ts';
import { actual, expectedFindings, openPorts, render } from './config-fixtures.ts';

async function options(extra: Partial<LintOptions> = {}): Promise<LintOptions> {
  return { targetKeepAliveMs: 5000, targetKeepAliveMeasured: false, observedHeadBytes: null, listeners: await readListeners(), lbIdleMs: 60_000, ...extra };
}

function nginxArgs(dir: string, root: string): string[] {
  return ['-c', join(root, 'nginx.conf'), '-p', dir, '-e', join(dir, 'error.log'), '-q'];
}

function validNginx(nginx: string, dir: string, root: string): void {
  const run = spawnSync(nginx, ['-t', ...nginxArgs(dir, root)], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 0, `nginx -t refused the fixture ${root}:\n${run.stderr}`);
}

for (const fixture of ['nginx/mistakes', 'nginx/clean']) {
  test(`NGINX ${fixture}: every planted mistake at its file and line, nothing else (tree and nginx -T)`, async (t) => {
    const nginx = requireBinary(t, 'nginx', 'nginx-light');
    if (!nginx) return;
    const ports = await openPorts();
    const { dir, root, cleanup } = render(fixture, ports);
    try {
      validNginx(nginx, dir, root);
      const expected = expectedFindings(root);
      if (fixture.endsWith('mistakes')) assert.ok(expected.length >= 10, 'the mistakes fixture plants its mistakes');
      else assert.deepEqual(expected, [], 'the clean fixture plants nothing');
      const fromTree = lintNginxFile(join(root, 'nginx.conf'), await options()).findings;
      assert.deepEqual(actual(fromTree), expected);
      for (const f of fromTree) assert.ok(f.message.length > 0 && f.fix.length > 0, `${f.rule} has a message and a fix`);
      const dump = spawnSync(nginx, ['-T', ...nginxArgs(dir, root)], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(dump.status, 0, `nginx -T failed: ${dump.stderr}`);
      const fromDump = lintNginxDump(dump.stdout, await options()).findings;
      assert.deepEqual(actual(fromDump), expected, 'nginx -T output gives the same findings as the tree');
    } finally {
      cleanup();
      await ports.close();
    }
  });
}

test('NGINX: each planted mistake names its cause', async (t) => {
  const nginx = requireBinary(t, 'nginx', 'nginx-light');
  if (!nginx) return;
  const ports = await openPorts();
  const { root, cleanup } = render('nginx/mistakes', ports);
  try {
    const causes = new Map(lintNginxFile(join(root, 'nginx.conf'), await options()).findings.map((f) => [f.rule, f.cause]));
    assert.deepEqual(Object.fromEntries([...causes].sort()), {
      'nginx/client-keepalive-below-lb-idle': 'upstream_keepalive_race',
      'nginx/https-upstream-without-sni': 'upstream_tls_failed',
      'nginx/keepalive-needs-http11': null,
      'nginx/localhost-upstream': 'upstream_connect_refused',
      'nginx/no-health-check': 'no_healthy_upstream',
      'nginx/passive-check-disabled': 'upstream_connect_refused',
      'nginx/proxy-buffer-too-small': 'upstream_headers_too_large',
      'nginx/upstream-keepalive-race': 'upstream_keepalive_race',
      'nginx/upstream-port-closed': 'upstream_connect_refused',
    });
  } finally {
    cleanup();
    await ports.close();
  }
});

test('NGINX: proxy_buffer_size against the response head size the probe saw', async (t) => {
  const nginx = requireBinary(t, 'nginx', 'nginx-light');
  if (!nginx) return;
  const ports = await openPorts();
  const { root, cleanup } = render('nginx/clean', ports);
  try {
    const findings = lintNginxFile(join(root, 'nginx.conf'), await options({ observedHeadBytes: 10_000 })).findings;
    assert.deepEqual(actual(findings), [`${join(root, 'nginx.conf')}:14 nginx/proxy-buffer-too-small`]);
    assert.equal(findings[0]?.severity, 'error');
    assert.match(findings[0]?.fix ?? '', /proxy_buffer_size 12k/);
  } finally {
    cleanup();
    await ports.close();
  }
});

test('NGINX: without this host\'s sockets (linting a config from another machine) the port rule stays silent', async (t) => {
  const nginx = requireBinary(t, 'nginx', 'nginx-light');
  if (!nginx) return;
  const ports = await openPorts();
  const { root, cleanup } = render('nginx/mistakes', ports);
  try {
    const rules = lintNginxFile(join(root, 'nginx.conf'), await options({ listeners: null })).findings.map((f) => f.rule);
    assert.ok(!rules.includes('nginx/upstream-port-closed'));
    assert.ok(rules.includes('nginx/localhost-upstream'));
  } finally {
    cleanup();
    await ports.close();
  }
});

for (const fixture of ['haproxy/mistakes.cfg', 'haproxy/clean.cfg']) {
  test(`HAProxy ${fixture}: every planted mistake at its line, nothing else`, async (t) => {
    const haproxy = requireBinary(t, 'haproxy');
    if (!haproxy) return;
    const ports = await openPorts();
    const { root, cleanup } = render(fixture, ports);
    try {
      const check = spawnSync(haproxy, ['-c', '-q', '-f', root], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(check.status, 0, `haproxy -c refused ${fixture}:\n${check.stdout}${check.stderr}`);
      const expected = expectedFindings(root);
      if (fixture.includes('mistakes')) assert.ok(expected.length >= 7, 'the mistakes fixture plants its mistakes');
      else assert.deepEqual(expected, []);
      assert.deepEqual(actual(lintHaproxyFile(root, await options())), expected);
    } finally {
      cleanup();
      await ports.close();
    }
  });
}
