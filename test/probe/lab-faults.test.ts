// Does the probe name the lab's cause for every fault a probe of one target can see, with the first
// failing check naming exactly the fault's expectCause (no earlier false alarm), the bad-header
// faults with the exact parser rule, and the short keep-alive measured within ±20% of its idle_ms?
// And against healthy targets (plain and TLS), does every check pass with no warning?
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCovered } from '../../src/causes/index.ts';
import { createLab, type FaultListing, type Lab } from '../../src/lab/index.ts';
import { PROBE_COVERAGE } from '../../src/probe/coverage.ts';
import { runProbe, type ProbeReport } from '../../src/probe/run.ts';
import { parseTarget } from '../../src/probe/target.ts';

let lab: Lab;
before(async () => {
  lab = await createLab({ host: '127.0.0.1' });
});
after(async () => {
  await lab.close();
});

function probe(url: string, extra: { lbIdleMs?: number; resolver?: string | null; ca?: string | null; timeoutMs?: number } = {}): Promise<ProbeReport> {
  return runProbe({
    target: parseTarget(url),
    lbIdleMs: extra.lbIdleMs ?? 300,
    maxKeepAliveWaitMs: 5000,
    timeoutMs: extra.timeoutMs ?? 1000,
    via: null,
    ca: extra.ca === undefined ? lab.caCertPem : extra.ca,
    resolver: extra.resolver ?? null,
    proxyConfig: null,
  });
}

function describe(report: ProbeReport): string {
  return report.results.map((r) => `${r.check}: ${r.status} ${r.cause ?? ''} — ${r.summary}\n    ${r.evidence.join('\n    ')}`).join('\n');
}

/** The parser rule each malformed-response fault breaks (src/http1 codes; the gateway judges the same way). */
const RULES: Record<string, readonly string[]> = {
  'malformed-status-line': ['status_code_invalid', 'status_line_invalid'],
  // "X-Lab-Broken value" with no colon: the space comes first, so the name is invalid before a colon is missed.
  'header-no-colon': ['header_name_invalid', 'missing_colon'],
  'header-space-before-colon': ['space_before_colon'],
  'header-nul-in-value': ['header_value_nul'],
  'header-bare-cr': ['bare_cr'],
  'header-obs-fold': ['obs_fold'],
  'cl-and-te': ['framing_cl_and_te'],
  'duplicate-content-length': ['framing_duplicate_content_length'],
  'invalid-content-length': ['framing_invalid_content_length'],
  'unknown-transfer-encoding': ['framing_unknown_transfer_encoding'],
};

const KEEPALIVE_FAULTS = new Set(['short-keepalive', 'short-keepalive-hinted']);

test('the lab lists a fault for every cause the probe covers', async () => {
  const faultCauses = new Set(lab.faults.map((f) => f.expectCause));
  for (const [cause, checks] of Object.entries(PROBE_COVERAGE)) {
    if (!isCovered(checks) || cause === 'upstream_unreachable') continue; // unreachable: no loopback fault (see lab coverage)
    assert.ok(faultCauses.has(cause as FaultListing['expectCause']), `no lab fault for ${cause}`);
  }
});

test('every covered lab fault: the first failing check names its expectCause', async (t) => {
  const faults = () => lab.faults.filter((f) => isCovered(PROBE_COVERAGE[f.expectCause]));
  assert.ok(faults().length >= 30, `expected the lab's ~35 faults, got ${faults().length}`);
  for (const fault of faults()) {
    await t.test(fault.id, async () => {
      const resolver = (fault.trigger as { resolver?: string }).resolver ?? null;
      const report = await probe(fault.url, { resolver, lbIdleMs: KEEPALIVE_FAULTS.has(fault.id) ? 2000 : 300 });
      const firstFail = report.results.find((r) => r.status === 'fail');
      assert.ok(firstFail, `no check failed for ${fault.id}:\n${describe(report)}`);
      assert.equal(firstFail.cause, fault.expectCause, `${fault.id}: first failure names ${firstFail.cause}:\n${describe(report)}`);
      const checks = PROBE_COVERAGE[fault.expectCause];
      assert.ok(isCovered(checks) && checks.includes(firstFail.check), `${firstFail.check} is not listed for ${fault.expectCause}`);
      assert.ok(firstFail.fix && firstFail.fix.length > 20, 'a failing check says what to do');
      const rules = RULES[fault.id];
      if (rules) {
        const broken = /rule broken: (\w+)/.exec(firstFail.evidence.join('\n'))?.[1];
        assert.ok(broken !== undefined && rules.includes(broken), `${fault.id}: rule ${broken}, expected ${rules.join(' or ')}`);
      }
    });
  }
});

test('invalid-chunked-body is flagged with the chunked rule it breaks', async () => {
  const fault = lab.faults.find((f) => f.id === 'invalid-chunked-body');
  assert.ok(fault);
  const framing = (await probe(fault.url)).results.find((r) => r.check === 'framing');
  assert.equal(framing?.status, 'fail');
  assert.match(framing?.evidence.join('\n') ?? '', /rule broken: chunked_\w+/);
});

for (const idleMs of [1000, 2000]) {
  test(`short-keepalive with idle_ms=${idleMs}: measured within ±20%`, async () => {
    const fault = lab.faults.find((f) => f.id === 'short-keepalive');
    assert.ok(fault);
    const report = await probe(`${fault.url}?idle_ms=${idleMs}`, { lbIdleMs: 3000, timeoutMs: 3000 });
    const keepAlive = report.results.find((r) => r.check === 'keep-alive');
    assert.equal(keepAlive?.status, 'fail', describe(report));
    assert.equal(keepAlive?.cause, 'upstream_keepalive_race');
    const measured = keepAlive?.measured?.idleTimeoutMs;
    assert.ok(measured !== undefined && Math.abs(measured - idleMs) <= idleMs * 0.2, `measured ${measured} ms for idle_ms=${idleMs}`);
  });
}

test('a target whose keep-alive outlasts the LB idle timeout passes the keep-alive check', async () => {
  const fault = lab.faults.find((f) => f.id === 'short-keepalive');
  assert.ok(fault);
  const report = await probe(`${fault.url}?idle_ms=2000`, { lbIdleMs: 500 });
  const keepAlive = report.results.find((r) => r.check === 'keep-alive');
  assert.equal(keepAlive?.status, 'pass', describe(report));
});

test('refused vs dropped: the refused port fails fast, the blackhole port times out', async () => {
  const refused = lab.faults.find((f) => f.id === 'refused');
  const blackhole = lab.faults.find((f) => f.id === 'blackhole');
  assert.ok(refused && blackhole);
  const [a, b] = await Promise.all([probe(refused.url), probe(blackhole.url)]);
  const tcpA = a.results.find((r) => r.check === 'tcp');
  const tcpB = b.results.find((r) => r.check === 'tcp');
  assert.equal(tcpA?.cause, 'upstream_connect_refused');
  assert.match(tcpA?.evidence[0] ?? '', /refused \(ECONNREFUSED/);
  assert.ok(tcpA?.rulesOut.includes('upstream_connect_timeout'));
  assert.equal(tcpB?.cause, 'upstream_connect_timeout');
  assert.match(tcpB?.evidence[0] ?? '', /no answer to SYN within/);
  assert.ok(tcpB?.rulesOut.includes('upstream_connect_refused'));
  const listeners = a.results.find((r) => r.check === 'listeners');
  assert.equal(listeners?.status, 'fail', 'nothing listens on the refused port');
});

test('TLS mismatch both ways: http:// to the TLS port and https:// to the plain port', async () => {
  const tlsOnly = lab.faults.find((f) => f.id === 'tls-only');
  const plainOnly = lab.faults.find((f) => f.id === 'plain-only');
  assert.ok(tlsOnly && plainOnly && tlsOnly.url.startsWith('http://') && plainOnly.url.startsWith('https://'));
  const http = (await probe(tlsOnly.url)).results.find((r) => r.status === 'fail');
  assert.equal(http?.check, 'http');
  assert.equal(http?.cause, 'upstream_protocol_mismatch');
  assert.match(http?.summary ?? '', /speaks TLS/);
  const tls = (await probe(plainOnly.url)).results.find((r) => r.status === 'fail');
  assert.equal(tls?.check, 'tls');
  assert.equal(tls?.cause, 'upstream_protocol_mismatch');
  assert.match(tls?.evidence.join('\n') ?? '', /plain HTTP on the same port answered: HTTP\/1\.1 \d{3}/);
});

test('healthy plain target: every check passes or is skipped, no warning', async () => {
  const report = await probe(`${lab.origin}/healthy`, { timeoutMs: 3000 });
  const noisy = report.results.filter((r) => r.status === 'fail' || r.status === 'warn');
  assert.deepEqual(noisy, [], describe(report));
  assert.deepEqual(report.results.filter((r) => r.status === 'skip').map((r) => r.check), ['tls', 'via', 'proxy-config']);
});

test('healthy TLS target (the lab CA trusted): tls passes with protocol, chain and expiry', async () => {
  const tlsOnly = lab.faults.find((f) => f.id === 'tls-only');
  assert.ok(tlsOnly);
  const url = tlsOnly.url.replace('http://', 'https://').replace('127.0.0.1', 'localhost');
  const report = await probe(url, { timeoutMs: 3000 });
  const noisy = report.results.filter((r) => r.status === 'fail' || r.status === 'warn');
  assert.deepEqual(noisy, [], describe(report));
  const tls = report.results.find((r) => r.check === 'tls');
  assert.match(tls?.evidence.join('\n') ?? '', /TLSv1\.[23] .*ALPN/);
  assert.match(tls?.evidence.join('\n') ?? '', /chain: CN=/);
  assert.match(tls?.evidence.join('\n') ?? '', /days left/);
});

test('without the lab CA, the good TLS listener fails certificate trust (and nothing else)', async () => {
  const tlsOnly = lab.faults.find((f) => f.id === 'tls-only');
  assert.ok(tlsOnly);
  const report = await probe(tlsOnly.url.replace('http://', 'https://').replace('127.0.0.1', 'localhost'), { ca: null, timeoutMs: 3000 });
  const fails = report.results.filter((r) => r.status === 'fail');
  assert.deepEqual(fails.map((r) => [r.check, r.cause]), [['tls', 'upstream_tls_certificate_invalid']], describe(report));
});

test('--proxy-config: the NGINX upstream keepalive_timeout against the measured keep-alive is an error at its line', async () => {
  const { openPorts, render } = await import('./config-fixtures.ts');
  const { join } = await import('node:path');
  const ports = await openPorts();
  const { root, cleanup } = render('nginx/clean', ports);
  try {
    const fault = lab.faults.find((f) => f.id === 'short-keepalive');
    assert.ok(fault);
    const report = await runProbe({
      target: parseTarget(`${fault.url}?idle_ms=1000`),
      lbIdleMs: 2000,
      maxKeepAliveWaitMs: 5000,
      timeoutMs: 1000,
      via: null,
      ca: null,
      resolver: null,
      proxyConfig: join(root, 'nginx.conf'),
    });
    const lint = report.results.find((r) => r.check === 'proxy-config');
    assert.equal(lint?.status, 'fail', describe(report));
    assert.equal(lint?.cause, 'upstream_keepalive_race');
    assert.match(lint?.evidence[0] ?? '', /target keep-alive [\d.]+ m?s \(measured\)/);
    assert.match(lint?.evidence.join('\n') ?? '', new RegExp(`${join(root, 'nginx.conf')}:20: nginx/upstream-keepalive-race: .*\\(measured\\)`));
  } finally {
    cleanup();
    await ports.close();
  }
});
