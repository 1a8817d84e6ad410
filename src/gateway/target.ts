// Runtime state of one target, kept apart from its config (as Caddy's reverseproxy/hosts.go keeps
// `Upstream` apart from `Host`): outstanding requests, health and draining survive a config reload
// that still names the same URL, while the config part is replaced.
import type { TargetConfig } from '../config/model.ts';

export interface TargetAddress {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** `host:port` as written in logs (ALB `target:port`). */
  readonly label: string;
}

export class ERR_GATEWAY_TARGET_URL extends Error {
  readonly code = 'ERR_CONFIG_TARGET_URL';
  constructor(url: string, why: string) {
    super(`target url "${url}": ${why}. Write it as http://HOST:PORT or https://HOST:PORT.`);
  }
}

export function parseTargetUrl(url: string): TargetAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ERR_GATEWAY_TARGET_URL(url, 'not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ERR_GATEWAY_TARGET_URL(url, `scheme ${parsed.protocol} is not http or https`);
  const tls = parsed.protocol === 'https:';
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const port = parsed.port === '' ? (tls ? 443 : 80) : Number(parsed.port);
  return { host, port, tls, label: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}` };
}

export class Target {
  config: TargetConfig;
  readonly address: TargetAddress;
  /** Requests in flight to this target (least-outstanding, power-of-two, connection limit). */
  outstanding = 0;
  healthy = true;
  /** Deregistered: no new requests (DESIGN §4 draining). */
  draining = false;
  /**
   * Slow start (ALB slow_start, NGINX Plus slow_start): the share of its turns a target that just
   * (re)joined accepts, growing from near 0 to 1; set by the control plane, read by `available()`.
   */
  admit = 1;
  /**
   * For a target named by DNS: the addresses its name resolved to last (control plane, dns_refresh);
   * a connection to any other address is not kept for reuse. null for IP targets.
   */
  resolved: readonly string[] | null = null;
  /** Smooth weighted round robin's running weight (NGINX ngx_http_upstream_round_robin.c). */
  currentWeight = 0;

  /** The log's `target:port`, made once. */
  readonly endpoint: { readonly address: string; readonly port: number };

  constructor(config: TargetConfig) {
    this.config = config;
    this.address = parseTargetUrl(config.url);
    this.endpoint = { address: this.address.host, port: this.address.port };
  }

  get weight(): number {
    return this.config.weight;
  }
}
