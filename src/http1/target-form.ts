// The four forms of request-target (RFC 9112 §3.2) and which method may use which. Origin-form
// (`/path?query`) is every ordinary request and never comes here; the others are rare: absolute-form
// (`http://authority/path`, sent to proxies and which servers MUST accept), authority-form
// (`host:port`, CONNECT only) and asterisk-form (`*`, OPTIONS only). A proxy that passed an
// absolute-form target on as it came would route on a path that is not one and forward a Host the
// target URI contradicts; the head records where its authority and path are instead.
import { byteName, HOST, show } from './chars.ts';

const COLON = 0x3a;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const HASH = 0x23;
const AT = 0x40;

export interface TargetForm {
  /** Start of the origin-form part (path and query); `end` when there is none. */
  readonly pathStart: number;
  /** The authority of an absolute-form target, else -1 and -1. */
  readonly authorityStart: number;
  readonly authorityEnd: number;
}

/** A target that is not origin-form: its parts, or why it is refused (a `target_invalid` detail). */
export function nonOriginForm(buf: Buffer, start: number, end: number, method: string): TargetForm | string {
  if (buf[start] === 0x2a) {
    return method === 'OPTIONS' ? { pathStart: start, authorityStart: -1, authorityEnd: -1 } : `asterisk-form "*" is for OPTIONS only, not ${method}`;
  }
  let colon = start;
  while (colon < end && buf[colon] !== COLON) colon++;
  const absolute = colon + 2 < end && buf[colon + 1] === SLASH && buf[colon + 2] === SLASH;
  if (!absolute) return method === 'CONNECT' ? authorityForm(buf, start, end) : `authority-form "${show(buf, start, end)}" is for CONNECT only, not ${method}`;
  if (method === 'CONNECT') return 'CONNECT takes an authority-form target (host:port), not an absolute URI';
  const scheme = buf.toString('latin1', start, colon).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return `scheme "${scheme}" is not http or https`;
  const authorityStart = colon + 3;
  let i = authorityStart;
  while (i < end && buf[i] !== SLASH && buf[i] !== QUESTION && buf[i] !== HASH) i++;
  const authorityEnd = i;
  if (authorityEnd === authorityStart) return `absolute-form "${show(buf, start, end)}" has no host`;
  for (let j = authorityStart; j < authorityEnd; j++) {
    const c = buf[j]!;
    // RFC 9110 §4.2.4: a recipient should treat userinfo in an http(s) URI as an error.
    if (c === AT) return `absolute-form "${show(buf, start, end)}" carries userinfo (user@host)`;
    if (HOST[c] === 0) return `byte ${byteName(c)} in the authority of "${show(buf, start, end)}"`;
  }
  if (i < end && buf[i] === HASH) return `absolute-form "${show(buf, start, end)}" has a fragment`;
  return { pathStart: authorityEnd, authorityStart, authorityEnd };
}

/** `uri-host ":" port` (RFC 9112 §3.2.3): the port is required. */
function authorityForm(buf: Buffer, start: number, end: number): TargetForm | string {
  let colon = end - 1;
  while (colon > start && buf[colon] !== COLON) colon--;
  let digits = colon > start && colon < end - 1;
  for (let i = colon + 1; digits && i < end; i++) digits = buf[i]! >= 0x30 && buf[i]! <= 0x39;
  if (!digits) return `authority-form "${show(buf, start, end)}" is not host:port`;
  for (let i = start; i < colon; i++) if (HOST[buf[i]!] === 0) return `byte ${byteName(buf[i]!)} in the authority-form "${show(buf, start, end)}"`;
  return { pathStart: start, authorityStart: -1, authorityEnd: -1 };
}
