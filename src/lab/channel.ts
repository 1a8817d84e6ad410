// What an HTTP session reads and writes: the TCP connection itself, or the plaintext side of a TLS
// session on it. FIN and RST always act on the TCP connection underneath.
import type { LabConnection } from './connection.ts';

export interface Channel {
  readonly conn: LabConnection;
  write(chunk: Buffer | string): void;
  /** Close our side (TLS: close_notify, then FIN). */
  fin(): void;
  reset(): void;
  stopReading(): void;
  onData(listener: (chunk: Buffer) => void): void;
  onPeerEnd(listener: () => void): void;
}

export function plainChannel(conn: LabConnection): Channel {
  return {
    conn,
    write: (chunk) => conn.write(chunk),
    fin: () => conn.fin(),
    reset: () => conn.reset(),
    stopReading: () => conn.stopReading(),
    onData: (listener) => conn.onData(listener),
    onPeerEnd: (listener) => conn.onPeerEnd(listener),
  };
}
