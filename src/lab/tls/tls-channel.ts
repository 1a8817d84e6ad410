// A server-side TLS session on a tracked TCP connection. The TLS engine reads and writes through a
// small JS stream instead of taking over the socket's handle, so (1) bytes already read (e.g. the
// first byte a listener sniffed) are replayed to it and (2) every raw byte in and out still goes
// through the connection's accounting, and FIN/RST stay the lab's own.
import { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Channel } from '../channel.ts';
import type { LabConnection } from '../connection.ts';
import type { EventLog } from '../event-log.ts';

function rawStream(conn: LabConnection, replay: Buffer | null): Duplex {
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      conn.write(chunk);
      callback();
    },
    final(callback) {
      conn.fin();
      callback();
    },
    destroy(error, callback) {
      callback(error);
    },
  });
  if (replay) stream.push(replay);
  conn.onData((chunk) => stream.push(chunk));
  conn.onPeerEnd(() => stream.push(null));
  conn.onClose(() => stream.destroy());
  return stream;
}

export function tlsChannel(conn: LabConnection, context: SecureContext, log: EventLog, replay: Buffer | null = null): Channel {
  const tls = new TLSSocket(rawStream(conn, replay), { isServer: true, secureContext: context });
  tls.on('secure', () => log.emit({ type: 'tls-established', conn: conn.id, protocol: tls.getProtocol() ?? 'unknown' }));
  tls.on('error', (error: NodeJS.ErrnoException) => {
    log.emit({ type: 'tls-error', conn: conn.id, code: error.code ?? error.message });
    conn.close();
  });
  return {
    conn,
    write: (chunk) => {
      if (!tls.destroyed && !tls.writableEnded) tls.write(chunk);
    },
    fin: () => {
      if (!tls.destroyed && !tls.writableEnded) tls.end();
    },
    reset: () => conn.reset(),
    stopReading: () => conn.stopReading(),
    onData: (listener) => tls.on('data', listener),
    onPeerEnd: (listener) => tls.on('end', listener),
  };
}
