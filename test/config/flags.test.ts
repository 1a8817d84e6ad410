// Does quick mode (`serve --listen … --upstream …`) build the same validated config a YAML file would,
// with every default, and name the offending flag when a value is wrong?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigErrors, DEFAULT_UPSTREAM_TIMEOUTS, configFromFlags, formatProblem, parseConfigText } from '../../src/config/index.ts';

test('one listener, one route / to one pool with every upstream, all defaults', () => {
  const config = configFromFlags({ listen: ['127.0.0.1:8080'], upstream: ['http://127.0.0.1:9000', 'https://localhost:9443'] });
  assert.equal(config.source, 'command line');
  assert.deepEqual(config.listeners, [{ name: 'main', host: '127.0.0.1', port: 8080, tls: null }]);
  assert.deepEqual(config.routes, [{ host: null, pathPrefix: '/', pool: 'default' }]);
  const pool = config.pools.get('default');
  assert.deepEqual(pool?.targets, [{ url: 'http://127.0.0.1:9000', weight: 1 }, { url: 'https://localhost:9443', weight: 1 }]);
  assert.deepEqual(pool?.timeouts, DEFAULT_UPSTREAM_TIMEOUTS);
  assert.equal(config.accessLog, null);
  assert.equal(config.admin, null);
  // The same as the equivalent YAML, apart from where it came from.
  const yaml = parseConfigText(
    'listeners: [{name: main, listen: "127.0.0.1:8080"}]\nroutes: [{pool: default}]\npools:\n  default:\n    targets: [{url: "http://127.0.0.1:9000"}, {url: "https://localhost:9443"}]\n',
    'gw.yaml',
  );
  assert.deepEqual({ ...config, source: '' }, { ...yaml, source: '' });
});

test('optional flags: access log, format, admin, workers, several listeners, port 0', () => {
  const config = configFromFlags({
    listen: ['127.0.0.1:0', '[::1]:8081'],
    upstream: ['http://127.0.0.1:9000'],
    accessLog: '-',
    accessLogFormat: 'json',
    admin: '127.0.0.1:0',
    workers: '2',
    verboseErrors: true,
    trustedProxies: ['10.0.0.0/8'],
  });
  assert.deepEqual(config.listeners.map((l) => [l.name, l.host, l.port]), [['main', '127.0.0.1', 0], ['main-2', '::1', 8081]]);
  assert.deepEqual(config.accessLog, { path: '-', format: 'json' });
  assert.deepEqual(config.admin, { host: '127.0.0.1', port: 0, token: null });
  assert.equal(config.workers, 2);
  assert.equal(config.verboseErrors, true);
  assert.deepEqual(config.trustedProxies, ['10.0.0.0/8']);
  assert.equal(configFromFlags({ listen: ['127.0.0.1:1'], upstream: ['http://a:1'], accessLog: 'x.log' }).accessLog?.format, 'alb');
});

test('every bad flag is reported at once, by flag name, with a fix', () => {
  let thrown: unknown;
  try {
    configFromFlags({ listen: [], upstream: ['127.0.0.1:9000', 'http://127.0.0.1'], accessLogFormat: 'xml', admin: '0.0.0.0:9901', workers: 'many' });
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof ConfigErrors);
  assert.deepEqual(thrown.errors.map((e) => [e.code, e.keyPath, e.line]), [
    ['ERR_CONFIG_CONFLICT', '--access-log-format', null],
    ['ERR_CONFIG_MISSING', '--listen', null],
    ['ERR_CONFIG_VALUE', '--upstream', null],
    ['ERR_CONFIG_VALUE', '--upstream', null],
    ['ERR_CONFIG_TYPE', '--workers', null],
    ['ERR_CONFIG_MISSING', '--admin-token', null],
  ]);
  assert.equal(thrown.errors[1]?.message, 'command line: --listen: needs at least 1 entry, has 0. Fix: pass --listen host:port, e.g. --listen 127.0.0.1:8080.');
  assert.equal(thrown.errors[3]?.message, 'command line: --upstream: "http://127.0.0.1" has no port. Fix: write the port the app listens on, e.g. http://127.0.0.1:80.');
  assert.match(thrown.message, /^6 errors in command line:\n/);
});

test('no upstream at all is refused with the flag to add', () => {
  assert.throws(
    () => configFromFlags({ listen: ['127.0.0.1:8080'], upstream: [] }),
    (e: unknown) => e instanceof ConfigErrors && e.errors[0]?.message === 'command line: --upstream: needs at least 1 entry, has 0. Fix: pass --upstream URL at least once, e.g. --upstream http://127.0.0.1:9000.',
  );
});

test('warnings reach the caller by flag name: --upstream http://localhost:3000 (the ::1 trap)', () => {
  const warnings: string[] = [];
  configFromFlags({ listen: ['127.0.0.1:8080'], upstream: ['http://localhost:3000'] }, (w) => warnings.push(formatProblem(w, 'warning')));
  assert.deepEqual(warnings, [
    'command line: warning: --upstream: "localhost" may resolve to ::1 while the app listens on 127.0.0.1 only (or the reverse) → upstream_connect_refused. Fix: write the address the app listens on: http://127.0.0.1:3000 or http://[::1]:3000.',
  ]);
});
