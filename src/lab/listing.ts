// The fault listing: what `gatewise lab --list --json` prints and `lab.faults` holds. One function
// for both, so a listing computed without binding (fixed ports) equals a running lab's.
import { knobDefault, type Fault, type LabSettings } from './fault.ts';
import { LabError } from './errors.ts';
import { PATH_FAULTS, PORT_FAULTS } from './faults/index.ts';
import { hostPort, originOf } from './listen.ts';
import type { FaultListing } from './types.ts';

/** Default idle_ms of the short keep-alive faults (`--idle-ms`). */
export const DEFAULT_IDLE_MS = 1000;

export interface ListingAddresses {
  readonly host: string;
  readonly mainPort: number;
  /** The port of PORT_FAULTS[index]. */
  portOf(index: number): number;
}

function listingOf(fault: Fault, url: string, settings: LabSettings): FaultListing {
  return {
    id: fault.id,
    expectCause: fault.expectCause,
    url,
    trigger: fault.trigger,
    description: fault.description,
    kind: fault.kind,
    knobs: fault.kind === 'path' ? fault.knobs.map((k) => ({ name: k.name, default: knobDefault(k, settings), doc: k.doc })) : [],
  };
}

export function buildListing(addresses: ListingAddresses, settings: LabSettings): FaultListing[] {
  const main = originOf('http', addresses.host, addresses.mainPort);
  return [
    ...PATH_FAULTS.map((fault) => listingOf(fault, `${main}/fault/${fault.id}`, settings)),
    ...PORT_FAULTS.map((fault, index) => {
      const port = addresses.portOf(index);
      if (!fault.dns) return listingOf(fault, `${originOf(fault.scheme, addresses.host, port)}/`, settings);
      const listing = listingOf(fault, `${originOf(fault.scheme, fault.dns.hostname, addresses.mainPort)}/`, settings);
      return { ...listing, trigger: { ...listing.trigger, resolver: hostPort(addresses.host, port) } };
    }),
  ];
}

/** The port of PORT_FAULTS[index] for a fixed base. */
export function portFaultPort(base: number, index: number): number {
  return base + 1 + index;
}

/**
 * The listing a lab started with these options will have, without binding anything. Only possible
 * when every port is known in advance: with port 0 the kernel picks the ports at bind time, so the
 * honest answer is an error saying so.
 */
export function listFaults(options: { host?: string; port: number; portFaultsBase?: number; idleMs?: number }): FaultListing[] {
  const base = options.portFaultsBase ?? options.port;
  if (options.port === 0 || base === 0) {
    throw new LabError('ERR_LAB_PORTS_UNKNOWN', 'with port 0 the lab\'s ports are chosen when it binds, so no listing can name them in advance: pass a fixed port (e.g. --listen 127.0.0.1:9000), or start the lab and read its index (lab.faults)');
  }
  const last = portFaultPort(base, PORT_FAULTS.length - 1);
  if (last > 65_535) throw new LabError('ERR_LAB_PORTS_UNKNOWN', `port faults would need ports up to ${last}: choose a base port below ${65_535 - PORT_FAULTS.length}`);
  return buildListing(
    { host: options.host ?? '127.0.0.1', mainPort: options.port, portOf: (index) => portFaultPort(base, index) },
    { idleMs: options.idleMs ?? DEFAULT_IDLE_MS },
  );
}
