// The real `gatewise serve` binary for the control-plane tests: spawned with the pinned Node,
// stopped by its PID; it waits for the "listening on" and "admin on" lines and keeps stdout and
// stderr for assertions. Plus a bounded keep-alive load generator that counts outcomes.
import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/gatewise.js');

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly adminPort: number | null;
  stdout(): string;
  stderr(): string;
  /** Wait until stderr matches (bounded). */
  waitStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** Wait for the exit code; after `timeoutMs` kill the whole process group and throw. */
  exitCode(timeoutMs?: number): Promise<number | null>;
}

export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  // Its own process group, so a failed start can stop the primary and its workers together.
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env }, detached: true });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const wantAdmin = args.includes('--admin') || args.some((a) => a.endsWith('.yaml'));
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`serve did not print its listening lines within 30 s (stopped it); stdout: ${out}; stderr: ${err}`));
    }, 30_000);
    const check = () => {
      if (/listening on http/.test(out) && (!wantAdmin || /admin on http/.test(out))) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} early; stdout: ${out}; stderr: ${err}`));
    });
  });
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
  const admin = /admin on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
  return {
    child,
    port,
    adminPort: admin ? Number(admin[1]) : null,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
    },
    async exitCode(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeoutMs)));
      const result = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (result === 'late') {
        killGroup();
        throw new Error(`serve did not exit within ${timeoutMs} ms (killed its process group); stderr: ${err}`);
      }
      killGroup(); // workers of a primary that exited on its own
      return result;
    },
    async waitStderr(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(err)) {
        if (Date.now() > deadline) throw new Error(`stderr never matched ${pattern} within ${timeoutMs} ms; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

export interface LoadCounts {
  sent: number;
  ok: number;
  /** Requests that were sent and did not get a 2xx: what must stay 0. */
  failed: number;
  /** Responses carrying `Connection: close` (the drain saying goodbye). */
  closing: number;
  /** New connections refused because the listener was already closed (never a sent request). */
  refusedAtConnect: number;
  failures: string[];
}

/**
 * `clients` concurrent keep-alive clients, each sending GETs back to back, until `durationMs` or
 * `maxRequests` (both bounds). A client stops after a `Connection: close` response when
 * `stopOnClose` (it is being drained) or after its connection is refused.
 */
export async function runLoad(port: number, options: { clients: number; durationMs: number; maxRequests: number; path: (i: number) => string; stopOnClose: boolean }): Promise<LoadCounts> {
  const counts: LoadCounts = { sent: 0, ok: 0, failed: 0, closing: 0, refusedAtConnect: 0, failures: [] };
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const end = Date.now() + options.durationMs;
  const one = (path: string) =>
    new Promise<'ok' | 'close' | 'refused' | 'failed'>((done) => {
      let connected = false;
      const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          const good = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
          if (!good) counts.failures.push(`${res.statusCode} ${res.headers['proxy-status'] ?? ''}`);
          done(!good ? 'failed' : res.headers.connection === 'close' ? 'close' : 'ok');
        });
        res.on('error', (e) => {
          counts.failures.push(`response: ${e.message}`);
          done('failed');
        });
      });
      req.on('socket', (s) => {
        if (!s.connecting) connected = true;
        else s.once('connect', () => (connected = true));
      });
      req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', (e: NodeJS.ErrnoException) => {
        // Refused (or reset before the TCP handshake finished) on a NEW connection: the listener was closed; nothing was sent.
        if (!connected && !req.reusedSocket && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')) return done('refused');
        counts.failures.push(`${e.code ?? e.message} reused=${req.reusedSocket}`);
        done('failed');
      });
      req.end();
    });
  const client = async () => {
    while (Date.now() < end && counts.sent < options.maxRequests) {
      const i = counts.sent;
      counts.sent += 1;
      const r = await one(options.path(i));
      if (r === 'refused') {
        counts.sent -= 1;
        counts.refusedAtConnect += 1;
        return;
      }
      if (r === 'failed') counts.failed += 1;
      else counts.ok += 1;
      if (r === 'close') {
        counts.closing += 1;
        if (options.stopOnClose) return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  agent.destroy();
  return counts;
}
