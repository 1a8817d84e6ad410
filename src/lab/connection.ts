// One accepted TCP connection, tracked from the socket up: every byte in and out, every FIN and RST
// the lab sends and every close the peer makes becomes an event. Faults act on the wire only through
// this object, so what the event log says is what the socket did.
import type { Socket } from 'node:net';
import type { EventLog } from './event-log.ts';

export interface LabConnection {
  readonly id: number;
  readonly listener: string;
  readonly socket: Socket;
  /** True once the socket is closed (by either side). */
  readonly closed: boolean;
  /** True once the peer sent FIN. */
  readonly peerEnded: boolean;
  write(chunk: Buffer | string): void;
  /** FIN: end our side (shutdown(SHUT_WR)) and keep reading until the peer closes. */
  fin(): void;
  /** RST: SO_LINGER 0 then close (`socket.resetAndDestroy()`). */
  reset(): void;
  /** close(2) as a server does on its idle timeout: FIN; a segment the peer sends later gets RST from the kernel. */
  close(): void;
  /** Close now without an event (FIN if nothing is unread, else the kernel sends RST); for shutdown. */
  destroy(): void;
  /** Stop reading: the kernel buffers fill and the peer's writes stall. */
  stopReading(): void;
  /** Receive data; `null` to drop it (still counted). */
  onData(listener: ((chunk: Buffer) => void) | null): void;
  onPeerEnd(listener: () => void): void;
  onClose(listener: () => void): void;
  /** A timer cleared when the connection closes. */
  timer(ms: number, fn: () => void): void;
  /** Resolves true after `ms`, false as soon as the connection closes. */
  sleep(ms: number): Promise<boolean>;
}

export interface ConnectionTracker {
  track(socket: Socket, listener: string): LabConnection;
  destroyAll(): void;
  readonly open: number;
}

export function createConnectionTracker(log: EventLog): ConnectionTracker {
  let next = 0;
  const live = new Set<LabConnection>();
  return {
    track(socket, listener) {
      next += 1;
      const connection = trackSocket(next, socket, listener, log);
      live.add(connection);
      connection.onClose(() => live.delete(connection));
      return connection;
    },
    destroyAll() {
      for (const connection of [...live]) connection.destroy();
    },
    get open() {
      return live.size;
    },
  };
}

function trackSocket(id: number, socket: Socket, listener: string, log: EventLog): LabConnection {
  let bytesIn = 0;
  let bytesOut = 0;
  let closed = false;
  let peerEnded = false;
  let finSent = false;
  let dataListener: ((chunk: Buffer) => void) | null = null;
  const endListeners: (() => void)[] = [];
  const closeListeners = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  log.emit({ type: 'accepted', conn: id, listener, remote });
  // The lab decides when to close: a peer's FIN must not make Node end our side on its own.
  socket.allowHalfOpen = true;

  socket.on('data', (chunk: Buffer) => {
    bytesIn += chunk.length;
    log.emit({ type: 'bytes-in', conn: id, bytes: chunk.length });
    dataListener?.(chunk);
  });
  socket.on('end', () => {
    peerEnded = true;
    log.emit({ type: 'peer-fin', conn: id });
    for (const listener of endListeners) listener();
    // Both directions done: release the socket.
    if (finSent) socket.destroy();
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? 'UNKNOWN';
    if (code === 'ECONNRESET') log.emit({ type: 'peer-reset', conn: id });
    else log.emit({ type: 'socket-error', conn: id, code });
  });
  socket.on('close', () => {
    closed = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    log.emit({ type: 'closed', conn: id, bytesIn, bytesOut });
    for (const listener of closeListeners) listener();
  });

  const connection: LabConnection = {
    id,
    listener,
    socket,
    get closed() {
      return closed;
    },
    get peerEnded() {
      return peerEnded;
    },
    write(chunk) {
      if (closed || finSent || socket.destroyed) return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      bytesOut += buffer.length;
      log.emit({ type: 'bytes-out', conn: id, bytes: buffer.length });
      socket.write(buffer);
    },
    fin() {
      if (closed || finSent) return;
      finSent = true;
      log.emit({ type: 'fin-sent', conn: id });
      socket.end();
      if (peerEnded) socket.destroySoon();
    },
    reset() {
      if (closed || socket.destroyed) return;
      log.emit({ type: 'rst-sent', conn: id });
      socket.resetAndDestroy();
    },
    close() {
      if (closed || socket.destroyed) return;
      if (!finSent) log.emit({ type: 'fin-sent', conn: id });
      finSent = true;
      socket.destroy();
    },
    destroy() {
      if (!socket.destroyed) socket.destroy();
    },
    stopReading() {
      socket.pause();
    },
    onData(listener) {
      dataListener = listener;
    },
    onPeerEnd(listener) {
      endListeners.push(listener);
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.add(listener);
    },
    timer(ms, fn) {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    sleep(ms) {
      return new Promise((resolve) => {
        if (closed) return resolve(false);
        let settled = false;
        const settle = (value: boolean) => {
          if (settled) return;
          settled = true;
          resolve(value);
        };
        const onClose = () => settle(false);
        closeListeners.add(onClose);
        connection.timer(ms, () => {
          closeListeners.delete(onClose);
          settle(true);
        });
      });
    },
  };
  return connection;
}
