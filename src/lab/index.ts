// `createLab`: the main path-dispatched listener plus one listener per port fault, all tracked from
// the socket up. The programmatic API other parts test against (see types.ts).
import { createServer } from 'node:net';
import { plainChannel, type Channel } from './channel.ts';
import { createConnectionTracker } from './connection.ts';
import { LabError } from './errors.ts';
import { createEventLog } from './event-log.ts';
import type { LabSettings, RunningPortFault } from './fault.ts';
import { ALL_FAULTS, PATH_FAULTS, PORT_FAULTS } from './faults/index.ts';
import { buildListing, DEFAULT_IDLE_MS, portFaultPort } from './listing.ts';
import { closeServer, hostPort, listen, originOf } from './listen.ts';
import { createRouter } from './router.ts';
import { startSession, type Route } from './session.ts';
import { labCertificates } from './tls/certificates.ts';
import type { Lab, LabOptions } from './types.ts';

export type * from './types.ts';
export { LAB_COVERAGE } from './coverage.ts';
export { listFaults, DEFAULT_IDLE_MS } from './listing.ts';
export { PATH_FAULTS, PORT_FAULTS, ALL_FAULTS } from './faults/index.ts';
export { HELPER_PATHS } from './helpers.ts';
export { LabError } from './errors.ts';

function checkPort(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65_535)) {
    throw new LabError('ERR_LAB_OPTIONS', `createLab: ${name} must be an integer from 0 to 65535, got ${value}`);
  }
}

export async function createLab(options: LabOptions = {}): Promise<Lab> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  checkPort('port', requestedPort);
  checkPort('portFaultsBase', options.portFaultsBase);
  const settings: LabSettings = { idleMs: options.idleMs ?? DEFAULT_IDLE_MS };
  const log = createEventLog(options.eventCapacity ?? 10_000, options.log);
  const tracker = createConnectionTracker(log);
  const certificates = await labCertificates();
  const executions = new Map<string, number>(ALL_FAULTS.map((f) => [f.id, 0]));
  const route = createRouter(PATH_FAULTS);
  const countExecution = (r: Route) => {
    if (r.fault !== null) executions.set(r.fault, (executions.get(r.fault) ?? 0) + 1);
  };
  const serveHttp = (listener: string) => (channel: Channel) =>
    startSession(channel, { listener, log, settings, route, countExecution });

  const main = createServer({ allowHalfOpen: true }, (socket) => serveHttp('main')(plainChannel(tracker.track(socket, 'main'))));
  const mainPort = await listen(main, host, requestedPort, 'main');
  log.emit({ type: 'listening', listener: 'main', address: originOf('http', host, mainPort) });
  // A fixed main port puts the port faults right after it; 0 (main or base) means free ports.
  const wantedBase = options.portFaultsBase ?? requestedPort;
  const base = wantedBase === 0 ? null : wantedBase;
  if (base !== null && portFaultPort(base, PORT_FAULTS.length - 1) > 65_535) {
    await closeServer(main);
    throw new LabError('ERR_LAB_OPTIONS', `createLab: port faults take ports ${base + 1}–${portFaultPort(base, PORT_FAULTS.length - 1)}, past 65535: choose a lower port`);
  }

  const running: RunningPortFault[] = [];
  const closeAll = async () => {
    tracker.destroyAll();
    await Promise.all([closeServer(main), ...running.map((r) => r.close())]);
    tracker.destroyAll();
  };
  try {
    for (const [index, fault] of PORT_FAULTS.entries()) {
      const port = base === null ? 0 : portFaultPort(base, index);
      const started = await fault.start({ host, port, log, tracker, certificates, serveHttp: serveHttp(fault.id) });
      running.push(started);
      const address = fault.dns ? `udp://${hostPort(host, started.port)}` : originOf(fault.scheme, host, started.port);
      log.emit({ type: 'listening', listener: fault.id, address });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  const faults = buildListing({ host, mainPort, portOf: (index) => running[index]?.port ?? 0 }, settings);
  let closing: Promise<void> | null = null;
  return {
    origin: originOf('http', host, mainPort),
    faults,
    get events() {
      return log.snapshot();
    },
    executions(faultId) {
      const count = executions.get(faultId);
      if (count === undefined) {
        throw new LabError('ERR_LAB_UNKNOWN_FAULT', `lab.executions("${faultId}"): no such fault; ids are listed in lab.faults`);
      }
      return count;
    },
    caCertPem: certificates.caCertPem,
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
