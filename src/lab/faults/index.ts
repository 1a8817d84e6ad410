// Every fault of the lab, in listing order. PORT_FAULTS' order is part of the contract: with
// `--listen HOST:P` they take ports P+1, P+2, … in exactly this order.
import type { Fault, PathFault, PortFault } from '../fault.ts';
import { resetAfterRequest } from './path/reset-after-request.ts';
import { closeWithoutResponse } from './path/close-without-response.ts';
import { keepaliveRace } from './path/keepalive-race.ts';
import { shortKeepalive } from './path/short-keepalive.ts';
import { shortKeepaliveHinted } from './path/short-keepalive-hinted.ts';
import { malformedStatusLine } from './path/malformed-status-line.ts';
import { headerNoColon } from './path/header-no-colon.ts';
import { headerSpaceBeforeColon } from './path/header-space-before-colon.ts';
import { headerNulInValue } from './path/header-nul-in-value.ts';
import { headerBareCr } from './path/header-bare-cr.ts';
import { headerObsFold } from './path/header-obs-fold.ts';
import { clAndTe } from './path/cl-and-te.ts';
import { duplicateContentLength } from './path/duplicate-content-length.ts';
import { invalidContentLength } from './path/invalid-content-length.ts';
import { unknownTransferEncoding } from './path/unknown-transfer-encoding.ts';
import { invalidChunkedBody } from './path/invalid-chunked-body.ts';
import { oversizedHeadFault } from './path/oversized-head.ts';
import { slowHeaders } from './path/slow-headers.ts';
import { stalledBody } from './path/stalled-body.ts';
import { truncatedBody } from './path/truncated-body.ts';
import { noRead } from './path/no-read.ts';
import { target500 } from './path/target-500.ts';
import { target502 } from './path/target-502.ts';
import { target503 } from './path/target-503.ts';
import { target504 } from './path/target-504.ts';
import { refused } from './port/refused.ts';
import { blackhole } from './port/blackhole.ts';
import { resetOnAccept } from './port/reset-on-accept.ts';
import { tlsOnly } from './port/tls-only.ts';
import { plainOnly } from './port/plain-only.ts';
import { tlsBadCertificate } from './port/tls-bad-certificate.ts';
import { tlsHandshakeStall } from './port/tls-handshake-stall.ts';
import { tlsHandshakeFailure } from './port/tls-handshake-failure.ts';
import { dnsNxdomain } from './port/dns-nxdomain.ts';
import { dnsStall } from './port/dns-stall.ts';

export const PATH_FAULTS: readonly PathFault[] = [
  resetAfterRequest,
  closeWithoutResponse,
  keepaliveRace,
  shortKeepalive,
  shortKeepaliveHinted,
  malformedStatusLine,
  headerNoColon,
  headerSpaceBeforeColon,
  headerNulInValue,
  headerBareCr,
  headerObsFold,
  clAndTe,
  duplicateContentLength,
  invalidContentLength,
  unknownTransferEncoding,
  invalidChunkedBody,
  oversizedHeadFault,
  slowHeaders,
  stalledBody,
  truncatedBody,
  noRead,
  target500,
  target502,
  target503,
  target504,
];

/** Fixed order: with a fixed base port B, PORT_FAULTS[i] listens on B + 1 + i. */
export const PORT_FAULTS: readonly PortFault[] = [
  refused,
  blackhole,
  resetOnAccept,
  tlsOnly,
  plainOnly,
  tlsBadCertificate,
  tlsHandshakeStall,
  tlsHandshakeFailure,
  dnsNxdomain,
  dnsStall,
];

export const ALL_FAULTS: readonly Fault[] = [...PATH_FAULTS, ...PORT_FAULTS];
