// Upgrades (WebSocket, RFC 6455 §4; RFC 9110 §7.8): the target's 101 goes to the client, then the
// two sockets are spliced raw, both ways, with backpressure, until either side closes. The
// connection never returns to the pool. One record is written when the tunnel closes (ALB logs
// `ws`/`wss` at the end of the connection).
import { serializeResponseHead } from '../http1/index.ts';
import type { ResponseHead } from '../http1/types.ts';
import type { Exchange } from './exchange.ts';
import { VIA_LINE } from './forwarding.ts';
import type { UpstreamConnection, UpstreamUser } from './upstream-connection.ts';

export class Tunnel implements UpstreamUser {
  readonly x: Exchange;
  readonly conn: UpstreamConnection;
  #closed = false;

  constructor(x: Exchange, conn: UpstreamConnection) {
    this.x = x;
    this.conn = conn;
  }

  fromClient(chunk: Buffer): void {
    this.x.receivedBytes += chunk.length;
    if (!this.conn.socket.write(chunk)) this.x.cc.socket.pause();
  }

  onClientDrain(): void {
    this.conn.socket.resume();
  }

  onClientEnd(): void {
    this.conn.socket.end();
  }

  onUpstreamConnect(): void {}
  onUpstreamSecure(): void {}

  onUpstreamData(_conn: UpstreamConnection, chunk: Buffer): void {
    this.x.sentBytes += chunk.length;
    if (!this.x.cc.socket.write(this.conn.own(chunk))) this.conn.socket.pause();
  }

  onUpstreamDrain(): void {
    this.x.cc.socket.resume();
  }

  onUpstreamEnd(): void {
    this.x.cc.socket.end();
    this.close();
  }

  onUpstreamError(): void {
    this.x.cc.socket.destroy();
    this.close();
  }

  /** Either side is gone: tear down the other and log the exchange once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.conn.destroy();
    this.x.cc.tunnelClosed(this);
  }
}

export function startTunnel(x: Exchange, conn: UpstreamConnection, head: ResponseHead, chunk: Buffer, start: number): void {
  const cc = x.cc;
  const now = performance.now();
  x.tResponseHead = now;
  x.status = 101;
  x.targetStatus = 101;
  x.origin = 'target';
  x.stage = 'done';
  const out = serializeResponseHead(head, { connection: 'upgrade', extra: VIA_LINE });
  cc.socket.write(out);
  x.sentBytes += out.length;
  x.tResponseOut = performance.now();
  const tunnel = new Tunnel(x, conn);
  conn.user = tunnel;
  if (start < chunk.length) tunnel.onUpstreamData(conn, chunk.subarray(start));
  cc.startTunnel(tunnel);
}
