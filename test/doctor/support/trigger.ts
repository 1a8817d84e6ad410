// Drive one lab fault through a proxy with a unique request id (X-Request-Id header and ?rid=),
// as the fault's trigger says: method, body, priming on the same connection, bounded waits.
import { Agent, request } from 'node:http';

export interface FaultTrigger {
  readonly method: 'GET' | 'POST';
  readonly bodyBytes?: number;
  readonly primeOnSameConnection?: boolean;
  readonly waitAfterPrimeMs?: number;
}

export interface TriggerResult {
  readonly status: number | null;
  readonly error: string | null;
}

function once(agent: Agent, url: string, method: string, rid: string, bodyBytes: number, timeoutMs: number): Promise<TriggerResult> {
  return new Promise((resolve) => {
    const req = request(url, { method, agent, headers: { 'x-request-id': rid, ...(bodyBytes > 0 ? { 'content-length': String(bodyBytes) } : {}) } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }));
      res.on('error', (e) => resolve({ status: res.statusCode ?? null, error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? null, error: 'aborted' }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: null, error: e.message }));
    if (bodyBytes > 0) {
      const chunk = Buffer.alloc(Math.min(bodyBytes, 1 << 16), 0x61);
      let left = bodyBytes;
      const write = () => {
        while (left > 0) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
            req.once('drain', write);
            return;
          }
        }
        req.end();
      };
      write();
    } else req.end();
  });
}

/** Sends the trigger (after an optional prime on the same client connection). */
export async function trigger(url: string, t: FaultTrigger, rid: string, timeoutMs = 8000): Promise<TriggerResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    if (t.primeOnSameConnection) {
      await once(agent, url, 'GET', `${rid}-prime`, 0, timeoutMs);
      await new Promise((r) => setTimeout(r, t.waitAfterPrimeMs ?? 0));
    }
    return await once(agent, url, t.method, rid, t.bodyBytes ?? 0, timeoutMs);
  } finally {
    agent.destroy();
  }
}
