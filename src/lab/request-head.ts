// A tolerant reader of HTTP/1.x request heads (RFC 9112 §2–§5). The lab must accept whatever a
// proxy sends, so it is lenient where the RFC allows leniency (leading empty lines §2.2, bare LF
// line ends §2.2, obs-fold §5.2) and strict only where continuing makes no sense: a first byte that
// cannot start a method (e.g. a TLS ClientHello, 0x16) is rejected at once, as a real server does.
export type HeaderList = readonly (readonly [string, string])[];

export interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: HeaderList;
}

export type HeadResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'head'; readonly head: RequestHead; readonly consumed: number }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'too-large' };

// tchar (RFC 9110 §5.6.2)
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const MAX_METHOD = 32;

function isTchar(byte: number): boolean {
  return TCHAR.test(String.fromCharCode(byte));
}

export function readRequestHead(buffer: Buffer, maxBytes: number): HeadResult {
  let start = 0;
  while (start < buffer.length && (buffer[start] === 0x0d || buffer[start] === 0x0a)) start += 1;
  // Reject what cannot be HTTP as soon as the method is impossible, not when a blank line arrives.
  for (let i = start; i < buffer.length && i - start <= MAX_METHOD; i += 1) {
    const byte = buffer[i] as number;
    if (byte === 0x20 && i > start) break;
    if (!isTchar(byte)) return { kind: 'invalid', reason: `byte 0x${byte.toString(16).padStart(2, '0')} cannot be part of a method` };
    if (i - start === MAX_METHOD) return { kind: 'invalid', reason: 'method longer than 32 bytes' };
  }
  const end = findHeadEnd(buffer, start);
  if (end === null) {
    return buffer.length - start > maxBytes ? { kind: 'too-large' } : { kind: 'incomplete' };
  }
  if (end.headEnd - start > maxBytes) return { kind: 'too-large' };
  const lines = buffer.subarray(start, end.headEnd).toString('latin1').split(/\r?\n/);
  const requestLine = (lines.shift() ?? '').split(' ').filter((part) => part !== '');
  const [method, target, version] = requestLine;
  if (method === undefined || target === undefined || version === undefined || !/^HTTP\/\d\.\d$/.test(version)) {
    return { kind: 'invalid', reason: 'request line is not "METHOD target HTTP/x.y"' };
  }
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (line === '') continue;
    const last = headers[headers.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last[1] = `${last[1]} ${line.trim()}`; // obs-fold → SP (RFC 9112 §5.2)
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a field line: ignore it rather than fail the exchange
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { kind: 'head', head: { method, target, version, headers }, consumed: end.consumed };
}

function findHeadEnd(buffer: Buffer, from: number): { headEnd: number; consumed: number } | null {
  for (let i = from; i < buffer.length; i += 1) {
    if (buffer[i] !== 0x0a) continue;
    // The empty line that ends the head: LF LF or LF CR LF (bare LF tolerated, RFC 9112 §2.2).
    const blank = buffer[i + 1] === 0x0a ? 2 : buffer[i + 1] === 0x0d && buffer[i + 2] === 0x0a ? 3 : 0;
    if (blank === 0) continue;
    return { headEnd: i > from && buffer[i - 1] === 0x0d ? i - 1 : i, consumed: i + blank };
  }
  return null;
}

/** All values of a field, joined with ", " (RFC 9110 §5.3), or undefined. */
export function fieldValue(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values = headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
  return values.length === 0 ? undefined : values.join(', ');
}

/** Does the client want the connection kept open after this exchange (RFC 9112 §9.3)? */
export function wantsKeepAlive(head: RequestHead): boolean {
  const connection = (fieldValue(head.headers, 'connection') ?? '').toLowerCase().split(',').map((t) => t.trim());
  if (connection.includes('close')) return false;
  if (head.version === 'HTTP/1.0') return connection.includes('keep-alive');
  return true;
}
