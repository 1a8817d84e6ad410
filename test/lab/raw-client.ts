// Test support: a raw TCP client that records exactly what came back and how the connection ended
// (FIN = 'end', RST = ECONNRESET), and a lab per test file that is always closed.
import { after } from 'node:test';
import { connect, type Socket } from 'node:net';
import { createLab, type Lab, type LabOptions } from '../../src/lab/index.ts';

export type Ending = 'fin' | 'reset' | `error:${string}`;

export interface RawConnection {
  readonly socket: Socket;
  /** Everything received so far. */
  readonly received: Buffer;
  readonly text: string;
  /** How the peer ended the connection, once it did. */
  readonly ending: Ending | null;
  /** Error codes the socket reported, in order (e.g. ECONNRESET after the lab's FIN). */
  readonly errors: readonly string[];
  write(data: string | Buffer): void;
  /** Wait until `predicate(received)` holds; fails naming `what` and showing what did arrive. */
  until(predicate: (received: Buffer) => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Wait for FIN or RST from the lab. */
  ended(timeoutMs: number): Promise<Ending>;
  destroy(): void;
}

function describe(buffer: Buffer): string {
  return buffer.length === 0 ? '(nothing)' : JSON.stringify(buffer.subarray(0, 300).toString('latin1'));
}

export async function connectRaw(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<RawConnection> {
  const socket = connect({ host, port, allowHalfOpen: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} did not complete within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return wrapSocket(socket);
}

export function wrapSocket(socket: Socket): RawConnection {
  let received = Buffer.alloc(0);
  let ending: Ending | null = null;
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    wake();
  });
  socket.on('end', () => {
    ending ??= 'fin';
    wake();
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    errors.push(error.code ?? error.message);
    ending ??= error.code === 'ECONNRESET' ? 'reset' : `error:${error.code ?? error.message}`;
    wake();
  });
  socket.on('close', wake);
  const wait = <T>(check: () => T | undefined, timeoutMs: number, fail: () => string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return false;
        waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(new Error(fail()));
      }, timeoutMs);
      if (!attempt()) waiters.add(attempt);
    });
  return {
    socket,
    get received() {
      return received;
    },
    get text() {
      return received.toString('latin1');
    },
    get ending() {
      return ending;
    },
    errors,
    write(data) {
      socket.write(data);
    },
    until(predicate, timeoutMs, what) {
      return wait(
        () => (predicate(received) ? true : undefined),
        timeoutMs,
        () => `${what}: not seen within ${timeoutMs} ms; received ${describe(received)}, ending ${ending ?? 'none'}`,
      ).then(() => undefined);
    },
    ended(timeoutMs) {
      return wait(
        () => ending ?? undefined,
        timeoutMs,
        () => `the lab neither sent FIN nor RST within ${timeoutMs} ms; received ${describe(received)}`,
      );
    },
    destroy() {
      socket.destroy();
    },
  };
}

/** A lab for this test file, closed after its tests. */
export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const lab = await createLab(options);
  after(() => lab.close());
  return lab;
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

export function faultUrl(lab: Lab, id: string): string {
  const fault = lab.faults.find((f) => f.id === id);
  if (!fault) throw new Error(`no fault ${id} in the lab listing`);
  return fault.url;
}

export function mainPort(lab: Lab): number {
  return portOf(lab.origin);
}

/** A GET request head as a proxy would send it. */
export function get(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: lab\r\n${extra}\r\n`;
}

/** Wait until `predicate` holds, polling every 10 ms; the failure names `what`. */
export async function eventually(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
