// Generates realistic ALB and NGINX access logs for the doctor benchmark: mostly 2xx, some 3xx/4xx,
// and a 5xx mix (target 500/503 passed through, ALB 502 with "-1" times, 504 timeouts, 460 aborts),
// spread over a day and 40 targets, with one bad target and a deploy burst.
import { openSync, writeSync, closeSync } from 'node:fs';

const TARGETS = Array.from({ length: 40 }, (_, i) => `10.0.${Math.floor(i / 10)}.${10 + (i % 10)}:8080`);
const PATHS = ['/', '/api/v1/orders', '/api/v1/users/12345', '/static/app.9f8e7d.js', '/health', '/api/v1/search?q=shoes&page=2', '/checkout', '/api/v1/cart/items'];
const UAS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'curl/8.4.0', 'okhttp/4.12.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1'];

/** A small deterministic PRNG (mulberry32), so every run writes the same files. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  elb: string;
  target: string;
  times: string;
}

function outcome(r: number, bad: boolean, burst: boolean): Outcome {
  if (burst && r < 0.3) return { elb: '502', target: '-', times: '-1 -1 -1' };
  if (bad && r < 0.05) return { elb: '502', target: '-', times: '-1 -1 -1' };
  if (r < 0.9) return { elb: '200', target: '200', times: '0.000 0.012 0.000' };
  if (r < 0.93) return { elb: '304', target: '304', times: '0.000 0.003 0.000' };
  if (r < 0.97) return { elb: '404', target: '404', times: '0.000 0.004 0.000' };
  if (r < 0.975) return { elb: '460', target: '-', times: '0.001 -1 -1' };
  if (r < 0.985) return { elb: '500', target: '500', times: '0.000 0.140 0.000' };
  if (r < 0.99) return { elb: '503', target: '503', times: '0.000 0.010 0.000' };
  if (r < 0.996) return { elb: '502', target: '-', times: '-1 -1 -1' };
  if (r < 0.998) return { elb: '502', target: '-', times: '0.000 -1 -1' };
  return { elb: '504', target: '-', times: '0.000 -1 -1' };
}

const START = Date.UTC(2026, 10, 20, 0, 0, 0);
const DAY = 86_400_000;

function writeLines(path: string, lines: number, make: (i: number, t: number, r: () => number) => string): number {
  const fd = openSync(path, 'w');
  const r = rng(42);
  let chunk = '';
  let bytes = 0;
  for (let i = 0; i < lines; i++) {
    const t = START + Math.floor((i / lines) * DAY);
    chunk += make(i, t, r);
    if (chunk.length > 1 << 22) {
      bytes += writeSync(fd, chunk);
      chunk = '';
    }
  }
  bytes += writeSync(fd, chunk);
  closeSync(fd);
  return bytes;
}

export function generateAlb(path: string, lines: number): number {
  return writeLines(path, lines, (i, t, r) => {
    const ti = Math.floor(r() * TARGETS.length);
    const target = TARGETS[ti] as string;
    const burst = i % 200_000 < 2000 && i > 100_000;
    const o = outcome(r(), ti === 7, burst);
    const time = new Date(t).toISOString().replace('Z', '123Z');
    const created = new Date(t - 15).toISOString().replace('Z', '000Z');
    const path = PATHS[i % PATHS.length] as string;
    const ua = UAS[i % UAS.length] as string;
    const client = `203.0.113.${i % 250}:${10000 + (i % 50000)}`;
    const trace = `Root=1-${(t / 1000).toString(16).slice(0, 8)}-${(i * 2654435761 >>> 0).toString(16).padStart(24, '0')}`;
    const tstat = o.target;
    return `https ${time} app/prod-alb/50dc6c495c0c9188 ${client} ${o.elb === '460' ? target : target} ${o.times} ${o.elb} ${tstat} 312 ${o.elb === '200' ? 5123 : 230} "GET https://shop.example.com:443${path} HTTP/1.1" "${ua}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/prod-web/73e2d6bc24d8a067 "${trace}" "shop.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 ${created} "forward" "-" "-" "${target}" "${tstat}" "-" "-" TID_${(i >>> 0).toString(16).padStart(12, '0')}\n`;
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clf(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** NGINX `combined` lines (what GoAccess's COMBINED format reads). */
export function generateNginx(path: string, lines: number): number {
  return writeLines(path, lines, (i, t, r) => {
    const x = r();
    const status = x < 0.9 ? 200 : x < 0.93 ? 304 : x < 0.97 ? 404 : x < 0.975 ? 499 : x < 0.985 ? 500 : x < 0.995 ? 502 : 504;
    return `203.0.113.${i % 250} - - [${clf(t)}] "GET ${PATHS[i % PATHS.length]} HTTP/1.1" ${status} ${status === 200 ? 5123 : 150} "https://shop.example.com/" "${UAS[i % UAS.length]}"\n`;
  });
}
