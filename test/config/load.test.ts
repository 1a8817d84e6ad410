// Does the YAML loader accept a realistic config with the right defaults, and does every problem it
// refuses come back with its code, file, line, column, key path and a fix — all of them in one pass?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigErrors,
  DEFAULT_CLIENT_TIMEOUTS,
  DEFAULT_UPSTREAM_KEEPALIVE,
  DEFAULT_UPSTREAM_TIMEOUTS,
  checkConfigFile,
  checkConfigText,
  loadConfigFile,
  parseConfigText,
  type ConfigIssue,
} from '../../src/config/index.ts';

const EXAMPLE = new URL('../../examples/gatewise.yaml', import.meta.url).pathname;

const MINIMAL = `listeners:
  - name: main
    listen: 127.0.0.1:8080
routes:
  - pool: app
pools:
  app:
    targets:
      - url: http://127.0.0.1:9000
`;

function only(text: string): ConfigIssue {
  const { errors } = checkConfigText(text, 'gw.yaml', { baseDir: '/etc/gatewise' });
  assert.equal(errors.length, 1, `expected exactly one error, got:\n${errors.map((e) => `${e.code} ${e.keyPath} ${e.problem}`).join('\n')}`);
  return errors[0] as ConfigIssue;
}

test('the committed example loads', async () => {
  const warnings: string[] = [];
  const config = await loadConfigFile(EXAMPLE, (w) => warnings.push(w.code));
  assert.deepEqual(warnings, []);
  assert.deepEqual(config.listeners.map((l) => `${l.name}=${l.host}:${l.port}`), ['public=0.0.0.0:8080', 'internal=127.0.0.1:8081']);
  assert.deepEqual([...config.pools.keys()], ['api', 'assets', 'web']);
  assert.deepEqual(config.pools.get('web')?.balance, { kind: 'consistent_hash', on: { header: 'x-session-id' } });
  assert.equal(config.pools.get('api')?.timeouts.connectMs, 2_000);
  assert.equal(config.pools.get('api')?.targets[0]?.weight, 2);
  assert.equal(config.limits.maxRequestBodyBytes, 10 * 1024 * 1024);
  assert.deepEqual(config.accessLog, { path: '/var/log/gatewise/access.log', format: 'alb' });
  assert.deepEqual(config.admin, { host: '127.0.0.1', port: 9901, token: null });
  assert.ok(config.workers >= 1);
});

test('a minimal config gets every default from defaults.ts', () => {
  const config = parseConfigText(MINIMAL, 'gw.yaml');
  const pool = config.pools.get('app');
  assert.ok(pool);
  assert.deepEqual(pool.timeouts, DEFAULT_UPSTREAM_TIMEOUTS);
  assert.deepEqual(pool.keepAlive, DEFAULT_UPSTREAM_KEEPALIVE);
  assert.deepEqual(config.clientTimeouts, DEFAULT_CLIENT_TIMEOUTS);
  assert.deepEqual(pool.balance, { kind: 'round_robin' });
  assert.deepEqual(config.routes, [{ host: null, pathPrefix: '/', pool: 'app' }]);
  assert.equal(config.accessLog, null);
  assert.equal(config.admin, null);
  assert.equal(config.source, 'gw.yaml');
});

test('routes come out most specific first; relative file paths resolve against the config directory', () => {
  const text = MINIMAL.replace('  - pool: app\n', '  - pool: app\n  - path_prefix: /api/v1\n    pool: app\n  - host: Api.Example.com\n    pool: app\n') +
    'access_log:\n  path: logs/access.log\n  format: json\n';
  const config = parseConfigText(text, 'gw.yaml', { baseDir: '/etc/gatewise' });
  assert.deepEqual(config.routes.map((r) => `${r.host ?? '*'}${r.pathPrefix}`), ['api.example.com/', '*/api/v1', '*/']);
  assert.deepEqual(config.accessLog, { path: '/etc/gatewise/logs/access.log', format: 'json' });
});

// One row per error code: the text, then code, line, column and key path expected.
const CASES: [string, string, string, number, number, string][] = [
  ['syntax', MINIMAL.replace('    listen: 127', '   listen: 127'), 'ERR_CONFIG_SYNTAX', 3, 1, ''],
  ['duplicate key', MINIMAL.replace('    listen: 127.0.0.1:8080\n', '    listen: 127.0.0.1:8080\n    listen: 127.0.0.1:8081\n'), 'ERR_CONFIG_SYNTAX', 4, 5, ''],
  ['unknown key', MINIMAL + 'verbose_error: true\n', 'ERR_CONFIG_UNKNOWN_KEY', 10, 1, 'verbose_error'],
  ['type', MINIMAL + 'workers: many\n', 'ERR_CONFIG_TYPE', 10, 10, 'workers'],
  ['value', MINIMAL.replace('http://127.0.0.1:9000', 'http://127.0.0.1'), 'ERR_CONFIG_VALUE', 9, 14, 'pools.app.targets[0].url'],
  ['range', MINIMAL.replace('127.0.0.1:8080', '127.0.0.1:65536'), 'ERR_CONFIG_RANGE', 3, 13, 'listeners[0].listen'],
  ['missing', MINIMAL.replace('    listen: 127.0.0.1:8080\n', ''), 'ERR_CONFIG_MISSING', 2, 5, 'listeners[0].listen'],
  ['duplicate', MINIMAL.replace('routes:', '  - name: main\n    listen: 127.0.0.1:8081\nroutes:'), 'ERR_CONFIG_DUPLICATE', 4, 11, 'listeners[1].name'],
  ['reference', MINIMAL.replace('  - pool: app', '  - pool: ap'), 'ERR_CONFIG_REFERENCE', 5, 11, 'routes[0].pool'],
  ['conflict', MINIMAL + '    hash_on: client_address\n', 'ERR_CONFIG_CONFLICT', 10, 14, 'pools.app.hash_on'],
];

for (const [name, text, code, line, column, keyPath] of CASES) {
  test(`${code} (${name}) names file, line, column, key path and fix`, () => {
    const error = only(text);
    assert.deepEqual({ code: error.code, line: error.line, column: error.column, keyPath: error.keyPath }, { code, line, column, keyPath });
    assert.ok(error.fix.length > 5, 'has a fix');
    let thrown: unknown;
    try {
      parseConfigText(text, 'gw.yaml', { baseDir: '/etc/gatewise' });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof ConfigErrors);
    assert.equal(thrown.code, 'ERR_CONFIG_INVALID');
    const [first] = thrown.errors;
    assert.equal(first?.code, code);
    assert.ok(first?.message.startsWith(`gw.yaml:${line}:${column}: ${keyPath === '' ? '' : keyPath + ': '}`), first?.message);
    assert.match(first?.message ?? '', / Fix: /);
    assert.match(thrown.message, new RegExp(`^1 error in gw\\.yaml:\\n  gw\\.yaml:${line}:${column}: `));
  });
}

test('ERR_CONFIG_FILE: an unreadable config file, and a certificate the config names', async () => {
  const missing = await checkConfigFile('/nonexistent/gatewise.yaml');
  assert.deepEqual(missing.errors.map((e) => [e.code, e.file, e.problem]), [['ERR_CONFIG_FILE', '/nonexistent/gatewise.yaml', 'cannot read the config file (ENOENT)']]);
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-config-'));
  try {
    const path = join(dir, 'gw.yaml');
    writeFileSync(path, MINIMAL.replace('    listen: 127.0.0.1:8080\n', '    listen: 127.0.0.1:8080\n    tls:\n      cert: certs/site.pem\n      key: certs/site.key\n'));
    const result = await checkConfigFile(path);
    assert.deepEqual(result.errors.map((e) => [e.code, e.line, e.column, e.keyPath]), [
      ['ERR_CONFIG_FILE', 5, 13, 'listeners[0].tls.cert'],
      ['ERR_CONFIG_FILE', 6, 12, 'listeners[0].tls.key'],
    ]);
    assert.match(result.errors[0]?.problem ?? '', new RegExp(`cannot read ${dir}/certs/site\\.pem \\(ENOENT\\)`));
    await assert.rejects(loadConfigFile(path), (e: unknown) => e instanceof ConfigErrors && e.errors.length === 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown keys get a suggestion: typo, swapped letters, camelCase, or the list of keys', () => {
  const suggestions = (extra: string) => only(MINIMAL + extra).fix;
  assert.equal(suggestions('acess_log: {path: "-"}\n'), 'did you mean "access_log"?');
  assert.equal(suggestions('wrokers: 2\n'), 'did you mean "workers"?');
  assert.equal(suggestions('verboseErrors: true\n'), 'keys are snake_case: write "verbose_errors"');
  assert.match(suggestions('zzz: 1\n'), /^remove it; keys allowed at the top level: listeners, routes, pools, client/);
  const nested = only(MINIMAL + '    timeouts:\n      conect: 1s\n');
  assert.deepEqual([nested.keyPath, nested.line, nested.column, nested.fix], ['pools.app.timeouts.conect', 11, 7, 'did you mean "connect"?']);
});

test('all errors are collected in one pass, in file order', () => {
  const text = `listeners:
  - name: a
    listen: 0.0.0.0:80800
routes:
  - path_prefix: api
    pool: apii
pools:
  api:
    targets:
      - url: ftp://x:1
    timeouts:
      connect: fast
    keepAlive: {}
  empty:
    targets: []
admin:
  listen: 0.0.0.0:9901
workers: 0
`;
  const { errors, config } = checkConfigText(text, 'gw.yaml');
  assert.equal(config, null);
  assert.deepEqual(errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.keyPath}`), [
    '3:13 ERR_CONFIG_RANGE listeners[0].listen',
    '5:18 ERR_CONFIG_VALUE routes[0].path_prefix',
    '6:11 ERR_CONFIG_REFERENCE routes[0].pool',
    '10:14 ERR_CONFIG_VALUE pools.api.targets[0].url',
    '12:16 ERR_CONFIG_TYPE pools.api.timeouts.connect',
    '13:5 ERR_CONFIG_UNKNOWN_KEY pools.api.keepAlive',
    '15:14 ERR_CONFIG_MISSING pools.empty.targets',
    '17:3 ERR_CONFIG_MISSING admin.token',
    '18:10 ERR_CONFIG_RANGE workers',
  ]);
});

test('cross-checks: duplicates, admin collisions, consistent hash, mTLS pairs, empty file', () => {
  const dupRoute = only(MINIMAL.replace('  - pool: app\n', '  - pool: app\n  - pool: app\n    path_prefix: /\n'));
  assert.deepEqual([dupRoute.code, dupRoute.keyPath], ['ERR_CONFIG_DUPLICATE', 'routes[1]']);
  const overlap = only(MINIMAL.replace('routes:', '  - name: other\n    listen: 0.0.0.0:8080\nroutes:'));
  assert.deepEqual([overlap.code, overlap.keyPath], ['ERR_CONFIG_DUPLICATE', 'listeners[1].listen']);
  const adminClash = only(MINIMAL + 'admin:\n  listen: 127.0.0.1:8080\n');
  assert.deepEqual([adminClash.code, adminClash.keyPath], ['ERR_CONFIG_DUPLICATE', 'admin.listen']);
  const noHash = only(MINIMAL + '    balance: consistent_hash\n');
  assert.deepEqual([noHash.code, noHash.keyPath], ['ERR_CONFIG_MISSING', 'pools.app.hash_on']);
  const halfMtls = only(MINIMAL + '    tls:\n      cert: client.pem\n');
  assert.deepEqual([halfMtls.code, halfMtls.keyPath], ['ERR_CONFIG_CONFLICT', 'pools.app.tls.cert']);
  const dupTarget = only(MINIMAL + '      - url: http://127.0.0.1:9000\n');
  assert.deepEqual([dupTarget.code, dupTarget.keyPath], ['ERR_CONFIG_DUPLICATE', 'pools.app.targets[1].url']);
  const withToken = parseConfigText(MINIMAL + 'admin:\n  listen: 0.0.0.0:9901\n  token: s3cret\n', 'gw.yaml');
  assert.deepEqual(withToken.admin, { host: '0.0.0.0', port: 9901, token: 's3cret' });
  const empty = checkConfigText('', 'gw.yaml').errors;
  assert.deepEqual(empty.map((e) => `${e.line}:${e.column} ${e.code} ${e.keyPath}`), [
    '1:1 ERR_CONFIG_MISSING listeners',
    '1:1 ERR_CONFIG_MISSING routes',
    '1:1 ERR_CONFIG_MISSING pools',
  ]);
});

test('keep-alive chain rule: warnings (not errors) with the reason, positioned', () => {
  const text = MINIMAL + '    keep_alive:\n      idle_timeout: 5s\n    targets_note: x\n'.replace('    targets_note: x\n', '') + 'client:\n  timeouts:\n    idle: 60s\n';
  const { config, errors, warnings } = checkConfigText(text, 'gw.yaml');
  assert.deepEqual(errors, []);
  assert.ok(config, 'still a valid config');
  assert.deepEqual(warnings.map((w) => `${w.line}:${w.column} ${w.code} ${w.keyPath}`), [
    '11:21 WARN_CONFIG_UPSTREAM_IDLE_AT_NODE_IDLE pools.app.keep_alive.idle_timeout',
    '14:11 WARN_CONFIG_CLIENT_IDLE_AT_LB_IDLE client.timeouts.idle',
  ]);
  assert.match(warnings[0]?.problem ?? '', /longer than Node's default keepAliveTimeout/);
  assert.match(warnings[1]?.problem ?? '', /behind an ALB with its 60 s idle timeout this gateway will close connections the ALB reuses → the ALB's 502s/);
  const fine = checkConfigText(MINIMAL + 'client:\n  timeouts:\n    idle: 61s\n', 'gw.yaml');
  assert.deepEqual(fine.warnings, []);
});

test('values are checked by type: sizes, durations, booleans, CIDRs, hash keys, names', () => {
  const config = parseConfigText(
    MINIMAL + '    balance: consistent_hash\n    hash_on: client_address\nlimits:\n  max_request_head: 64k\n  max_request_body: 1g\nshutdown_grace: 1m30s\ntrusted_proxies: [10.0.0.0/8, "::1", 192.168.1.7]\nverbose_errors: true\nworkers: 3\n',
    'gw.yaml',
  );
  assert.deepEqual(config.pools.get('app')?.balance, { kind: 'consistent_hash', on: { clientAddress: true } });
  assert.equal(config.limits.maxRequestHeadBytes, 65_536);
  assert.equal(config.limits.maxRequestBodyBytes, 1024 ** 3);
  assert.equal(config.shutdownGraceMs, 90_000);
  assert.deepEqual(config.trustedProxies, ['10.0.0.0/8', '::1', '192.168.1.7']);
  assert.equal(config.verboseErrors, true);
  assert.equal(config.workers, 3);
  for (const [extra, keyPath] of [
    ['trusted_proxies: [10.0.0.0/33]\n', 'trusted_proxies[0]'],
    ['verbose_errors: yes\n', 'verbose_errors'],
    ['limits:\n  max_request_head: 10\n', 'limits.max_request_head'],
    ['shutdown_grace: -1s\n', 'shutdown_grace'],
    ['    hash_on: cookie:x\n    balance: consistent_hash\n', 'pools.app.hash_on'],
  ] as const) {
    assert.equal(only(MINIMAL + extra).keyPath, keyPath, extra);
  }
});

test('YAML anchors and merge keys: x- keys hold shared settings; errors inside point at the anchor', () => {
  const shared = 'x-defaults: &defaults\n  timeouts: {connect: 2s}\n  balance: least_outstanding\n';
  const pools = 'pools:\n  app:\n    <<: *defaults\n    balance: power_of_two\n    targets:\n      - url: http://127.0.0.1:9000\n';
  const text = shared + MINIMAL.replace(/pools:[\s\S]*$/, pools);
  const config = parseConfigText(text, 'gw.yaml');
  assert.equal(config.pools.get('app')?.timeouts.connectMs, 2_000, 'merged from the anchor');
  assert.deepEqual(config.pools.get('app')?.balance, { kind: 'power_of_two' }, 'the pool\'s own key wins');
  const bad = only(text.replace('{connect: 2s}', '{connect: 2s, conect: 1s}'));
  assert.deepEqual([bad.code, bad.line, bad.keyPath], ['ERR_CONFIG_UNKNOWN_KEY', 2, 'pools.app.timeouts.conect']);
});

test('a localhost target is a warning naming the ::1 trap and the address to write instead', () => {
  const { config, warnings } = checkConfigText(MINIMAL.replace('http://127.0.0.1:9000', 'http://localhost:9000'), 'gw.yaml');
  assert.ok(config);
  assert.deepEqual(warnings.map((w) => [w.code, w.line, w.column, w.keyPath, w.fix]), [
    ['WARN_CONFIG_LOCALHOST_TARGET', 9, 14, 'pools.app.targets[0].url', 'write the address the app listens on: http://127.0.0.1:9000 or http://[::1]:9000'],
  ]);
});
