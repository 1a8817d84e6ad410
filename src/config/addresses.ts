// Listen addresses (`host:port`, `[::1]:port`) and target URLs (`http://host:port`), parsed the same
// way for the YAML file and the command-line flags.
import { isIP } from 'node:net';

export type AddressCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: 'ERR_CONFIG_TYPE' | 'ERR_CONFIG_VALUE' | 'ERR_CONFIG_RANGE'; readonly problem: string; readonly fix: string };

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function isHostName(text: string): boolean {
  return HOST_NAME.test(text);
}

/** `host:port` where host is an IPv4 address, a name, or `[IPv6]`. Port 0 asks the OS for a free port. */
export function parseListen(input: unknown, allowPortZero: boolean): AddressCheck<HostPort> {
  const example = 'write host:port, e.g. 127.0.0.1:8080, 0.0.0.0:8080 (all interfaces) or [::1]:8080';
  if (typeof input !== 'string') {
    return { ok: false, code: 'ERR_CONFIG_TYPE', problem: `expected "host:port", got ${typeof input === 'number' ? `the number ${input}` : 'a ' + typeof input}`, fix: example };
  }
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(input.trim());
  if (!match) return { ok: false, code: 'ERR_CONFIG_VALUE', problem: `"${input}" is not host:port`, fix: example };
  const v6 = match[1];
  const host = v6 ?? match[2] ?? '';
  if (v6 !== undefined ? isIP(v6) !== 6 : isIP(host) !== 4 && !isHostName(host)) {
    return { ok: false, code: 'ERR_CONFIG_VALUE', problem: `"${host}" is not an IP address or host name`, fix: example };
  }
  const port = Number(match[3]);
  const min = allowPortZero ? 0 : 1;
  if (port < min || port > 65535) {
    return { ok: false, code: 'ERR_CONFIG_RANGE', problem: `port ${port} is outside ${min}–65535`, fix: `use a port from ${min} to 65535` };
  }
  return { ok: true, value: { host, port } };
}

export interface TargetUrl extends HostPort {
  readonly scheme: 'http' | 'https';
  /** Normalised `scheme://host:port`, the form the model stores. */
  readonly url: string;
}

/** An upstream target: `http://` or `https://`, a host and an explicit port, nothing else. */
export function parseTargetUrl(input: unknown): AddressCheck<TargetUrl> {
  const example = 'write scheme://host:port, e.g. http://127.0.0.1:9000 or https://app.internal:8443';
  if (typeof input !== 'string') return { ok: false, code: 'ERR_CONFIG_TYPE', problem: `expected a URL, got a ${typeof input}`, fix: example };
  const portText = /^[a-z]+:\/\/(?:\[[^\]]*\]|[^/:?#@]*):(\d+)/i.exec(input.trim())?.[1];
  if (portText !== undefined && (Number(portText) < 1 || Number(portText) > 65535)) {
    return { ok: false, code: 'ERR_CONFIG_RANGE', problem: `port ${portText} is outside 1–65535`, fix: 'use a port from 1 to 65535' };
  }
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, code: 'ERR_CONFIG_VALUE', problem: `"${input}" is not a URL`, fix: example };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, code: 'ERR_CONFIG_VALUE', problem: `scheme "${url.protocol.slice(0, -1)}" is not http or https`, fix: example };
  }
  // WHATWG URL drops a port equal to the scheme's default, so look at the text itself: an explicit
  // port is required because "which port does the app listen on" is the first 502 question.
  const explicitPort = /^[a-z]+:\/\/(?:\[[^\]]*\]|[^/:?#]*):(\d+)(?:\/)?$/i.exec(input.trim());
  if (!explicitPort) {
    const extra = url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '';
    return extra
      ? { ok: false, code: 'ERR_CONFIG_VALUE', problem: `"${input}" has a path, query or credentials; a target is only scheme://host:port`, fix: `write ${url.protocol}//${url.host}${url.port === '' ? ':' + (url.protocol === 'https:' ? 443 : 80) : ''}` }
      : { ok: false, code: 'ERR_CONFIG_VALUE', problem: `"${input}" has no port`, fix: `write the port the app listens on, e.g. ${url.protocol}//${url.hostname}:${url.protocol === 'https:' ? 443 : 80}` };
  }
  const port = Number(explicitPort[1]);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return { ok: true, value: { scheme, host, port, url: `${scheme}://${url.hostname}:${port}` } };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
