// X-Request-Id: a compact unique id made cheaply — a random per-process prefix and a counter, both
// base36 (no crypto call, no UUID formatting per request). Unique across workers and restarts by
// the prefix, ordered within a process by the counter. The prefix comes from Math.random, which V8
// seeds per process from the system's entropy: a request id is a label, not a secret, and node:crypto
// would cost every gateway process ≈ 3 MB of RSS for 48 random bits.
const PREFIX = Math.floor(Math.random() * 2 ** 48).toString(36).padStart(10, '0');
let counter = 0;

export function nextRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PREFIX}-${counter.toString(36)}`;
}

/** A request id we accept from a trusted peer: 1–200 characters of [A-Za-z0-9._:@+=/-]. */
export function isValidRequestId(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 200) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 58) || // 0-9 :
      (c >= 64 && c <= 90) || // @ A-Z
      (c >= 97 && c <= 122) || // a-z
      c === 45 || c === 46 || c === 95 || c === 43 || c === 61 || c === 47; // - . _ + = /
    if (!ok) return false;
  }
  return true;
}
