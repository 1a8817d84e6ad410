// Is the fault listing a contract others can code against: at least 25 faults, unique kebab-case
// ids, every expectCause a real cause id, urls of the right shape for each kind, port faults in
// their documented order, and `listFaults` (no binding) agreeing with what a running lab reports?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCauseId } from '../../src/causes/index.ts';
import { listFaults, PORT_FAULTS, type FaultListing } from '../../src/lab/index.ts';
import { startLab } from './raw-client.ts';

const lab = await startLab();

test('at least 25 faults, unique kebab-case ids, each with a real cause and a description', () => {
  assert.ok(lab.faults.length >= 25, `${lab.faults.length} faults`);
  const ids = lab.faults.map((f) => f.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const fault of lab.faults) {
    assert.match(fault.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${fault.id} is kebab-case`);
    assert.ok(isCauseId(fault.expectCause), `${fault.id}: ${fault.expectCause} is a cause id`);
    assert.notEqual(fault.id, fault.expectCause);
    assert.ok(fault.description.length > 20, `${fault.id} has a description`);
    assert.ok(['GET', 'POST'].includes(fault.trigger.method));
  }
});

test('path faults live at <origin>/fault/<id>; port faults own distinct ports of the same host', () => {
  const ports = new Set<string>();
  for (const fault of lab.faults) {
    const url = new URL(fault.url);
    if (fault.trigger.resolver === undefined) assert.equal(url.hostname, '127.0.0.1');
    if (fault.kind === 'path') {
      assert.equal(fault.url, `${lab.origin}/fault/${fault.id}`);
    } else if (fault.trigger.resolver !== undefined) {
      // DNS faults: the url names a host the lab's resolver (own UDP port) fails to resolve.
      assert.match(fault.url, /^http:\/\/[a-z]+\.gatewise-lab\.invalid:\d+\/$/);
      assert.equal(url.port, new URL(lab.origin).port);
      assert.match(fault.trigger.resolver, /^127\.0\.0\.1:\d+$/);
      ports.add(fault.trigger.resolver.split(':')[1] ?? '');
    } else {
      assert.match(fault.url, /^https?:\/\/127\.0\.0\.1:\d+\/$/);
      assert.notEqual(url.port, new URL(lab.origin).port);
      ports.add(url.port);
    }
  }
  assert.equal(ports.size, PORT_FAULTS.length, 'each port fault has its own port');
});

test('the listing is JSON-clean (what --list --json prints)', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(lab.faults)), lab.faults);
});

test('listFaults with a fixed port: port faults take PORT+1, PORT+2, … in PORT_FAULTS order', () => {
  const listed = listFaults({ host: '127.0.0.1', port: 9000 });
  const portFaults = listed.filter((f) => f.kind === 'port');
  assert.deepEqual(
    portFaults.map((f) => [f.id, f.trigger.resolver?.split(':')[1] ?? new URL(f.url).port]),
    PORT_FAULTS.map((f, i) => [f.id, String(9001 + i)]),
  );
  assert.deepEqual(
    portFaults.map((f) => f.id),
    [
      'refused',
      'blackhole',
      'reset-on-accept',
      'tls-only',
      'plain-only',
      'tls-bad-certificate',
      'tls-handshake-stall',
      'tls-handshake-failure',
      'dns-nxdomain',
      'dns-stall',
    ],
  );
  assert.equal(listFaults({ port: 9000, portFaultsBase: 20000 }).find((f) => f.id === 'refused')?.url, 'http://127.0.0.1:20001/');
  assert.equal(listFaults({ host: '::1', port: 9000 })[0]?.url, 'http://[::1]:9000/fault/reset-after-request');
});

test('listFaults equals a running lab\'s listing once the ports are the same', () => {
  const strip = (f: FaultListing) => ({
    ...f,
    url: f.kind === 'path' ? new URL(f.url).pathname : new URL(f.url).protocol,
    trigger: { ...f.trigger, resolver: f.trigger.resolver === undefined ? undefined : 'resolver' },
  });
  const listed = listFaults({ port: Number(new URL(lab.origin).port) });
  assert.deepEqual(listed.filter((f) => f.kind === 'path'), lab.faults.filter((f) => f.kind === 'path'));
  assert.deepEqual(listed.map(strip), lab.faults.map(strip));
});

test('with port 0 no listing can name the ports in advance: listFaults says so', () => {
  assert.throws(() => listFaults({ port: 0 }), { code: 'ERR_LAB_PORTS_UNKNOWN' });
  assert.throws(() => listFaults({ port: 65_530 }), { code: 'ERR_LAB_PORTS_UNKNOWN' });
});

test('the keep-alive faults tell a client how to trigger them through a proxy', () => {
  const race = lab.faults.find((f) => f.id === 'keepalive-race');
  assert.deepEqual(race?.trigger, { method: 'POST', bodyBytes: 64, primeOnSameConnection: true, waitAfterPrimeMs: 50 });
  for (const id of ['short-keepalive', 'short-keepalive-hinted']) {
    const fault = lab.faults.find((f) => f.id === id);
    assert.equal(fault?.trigger.primeOnSameConnection, true);
    assert.equal(fault?.trigger.proxyTimeouts?.keepAliveIdleAboveMs, fault?.knobs.find((k) => k.name === 'idle_ms')?.default);
  }
});
