// One interop run: the lab, a real proxy in front of it, every fault driven a few times with
// unique request ids, the proxy's own logs fed to the doctor, the matrix scored. Shared by the
// interop tests and test/fixtures/logs/regenerate.ts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab, type FaultListing } from '../../../src/lab/index.ts';
import { runDoctor, type PerRequestRecord } from '../../../src/doctor/index.ts';
import { scoreMatrix, type Cell, type Sent } from './matrix.ts';
import { observability, type Observability } from './observable.ts';
import { freePort, startProcess, waitForPort } from './processes.ts';
import { NGINX_FORMAT, writeNginxConf } from './nginx-setup.ts';
import { writeHaproxyConf } from './haproxy-setup.ts';
import { driveFaults } from './run-interop.ts';

export interface InteropRun {
  readonly dir: string;
  readonly sent: readonly Sent[];
  /** Log files the proxy wrote (access/error or its stdout). */
  readonly logs: Readonly<Record<string, string>>;
  readonly doctorInputs: readonly string[];
  readonly doctorOptions: { nginxLogFormat?: string };
  readonly faults: readonly FaultListing[];
}

/** HAProxy cannot resolve per request: DNS faults are left out of its run. */
function faultsFor(proxy: 'nginx' | 'haproxy', all: readonly FaultListing[]): FaultListing[] {
  return proxy === 'haproxy' ? all.filter((f) => !('resolver' in f.trigger)) : [...all];
}

export async function runInterop(proxy: 'nginx' | 'haproxy', binary: string, perFault: number): Promise<InteropRun> {
  const lab = await createLab({});
  const dir = mkdtempSync(join(tmpdir(), `gatewise-interop-${proxy}-`));
  try {
    const port = await freePort();
    const faults = faultsFor(proxy, lab.faults);
    let logs: Record<string, string>;
    let running;
    if (proxy === 'nginx') {
      const s = writeNginxConf(dir, port, faults, lab.caCertPem);
      running = startProcess(binary, ['-c', s.conf, '-p', dir], join(dir, 'stderr.log'));
      logs = { 'access.log': s.accessLog, 'access-combined.log': s.combinedLog, 'error.log': s.errorLog };
      await waitForPort(port, 10_000, 'nginx', join(dir, 'stderr.log'));
    } else {
      const cfg = writeHaproxyConf(dir, port, faults, lab.caCertPem);
      running = startProcess(binary, ['-f', cfg, '-db'], join(dir, 'haproxy.log'));
      logs = { 'haproxy.log': join(dir, 'haproxy.log') };
      await waitForPort(port, 10_000, 'haproxy', join(dir, 'haproxy.log'));
    }
    let sent: Sent[];
    try {
      sent = await driveFaults(`http://127.0.0.1:${port}`, faults, perFault, proxy);
      // Let the proxy write its last log lines before it is stopped.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await running.stop();
    }
    return proxy === 'nginx'
      ? { dir, sent, logs, doctorInputs: [logs['access.log'] as string, logs['error.log'] as string], doctorOptions: { nginxLogFormat: NGINX_FORMAT }, faults }
      : { dir, sent, logs, doctorInputs: [logs['haproxy.log'] as string], doctorOptions: {}, faults };
  } finally {
    await lab.close();
  }
}

export interface Scored {
  readonly cells: readonly (Cell & { readonly observability: Observability })[];
  readonly records: readonly PerRequestRecord[];
}

export async function diagnoseRun(proxy: 'nginx' | 'haproxy', inputs: readonly string[], options: { nginxLogFormat?: string }, sent: readonly Sent[], dir: string): Promise<Scored> {
  const perRequest = join(dir, `per-request-${Date.now()}.jsonl`);
  await runDoctor({ inputs, ...options, perRequest, workers: 0 });
  const records = readFileSync(perRequest, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PerRequestRecord);
  const cells = scoreMatrix(proxy, sent, records).map((c) => ({ ...c, observability: observability(proxy, c.fault, c.expect) }));
  return { cells, records };
}
