// The NGINX mistakes behind 502s (DESIGN §1), each a rule over the parsed tree with the file and
// line to change. Defaults cited from the ngx_http_proxy_module and ngx_http_upstream_module docs.
import { isIP } from 'node:net';
import { formatMs } from '../../duration.ts';
import type { LintFinding, LintOptions } from '../finding.ts';
import { isLocalhostName, nearbyText, nothingListens, splitHostPort } from '../upstream-address.ts';
import type { Directive } from './parse.ts';
import { effective, effectiveHeaders, findAll, parseSize, parseTime, type Placed } from './scopes.ts';

/** proxy_buffer_size default: one memory page, 4k on x86-64 (8k on some platforms). */
const DEFAULT_PROXY_BUFFER = 4096;
/** Upstream keepalive_timeout default since 1.15.3. */
const DEFAULT_UPSTREAM_KEEPALIVE_MS = 60_000;

interface Upstream {
  readonly directive: Directive;
  readonly servers: readonly Directive[];
}

interface ProxyPass {
  readonly placed: Placed;
  readonly scheme: 'http' | 'https';
  readonly hostPort: string;
  readonly upstream: Upstream | null;
}

function upstreams(tree: readonly Directive[]): Map<string, Upstream> {
  const map = new Map<string, Upstream>();
  for (const { directive } of findAll(tree, 'upstream')) {
    const name = directive.args[0];
    if (name !== undefined) map.set(name, { directive, servers: (directive.block ?? []).filter((d) => d.name === 'server') });
  }
  return map;
}

function proxyPasses(tree: readonly Directive[], ups: Map<string, Upstream>): ProxyPass[] {
  const out: ProxyPass[] = [];
  for (const placed of findAll(tree, 'proxy_pass')) {
    const match = /^(https?):\/\/([^/]+)/.exec(placed.directive.args[0] ?? '');
    if (!match || (match[2] as string).includes('$')) continue; // variables resolve per request
    const hostPort = match[2] as string;
    out.push({ placed, scheme: match[1] as 'http' | 'https', hostPort, upstream: ups.get(hostPort) ?? null });
  }
  return out;
}

const at = (d: Directive) => `${d.file}:${d.line}`;

function finding(d: Directive, rest: Omit<LintFinding, 'file' | 'line'>): LintFinding {
  return { file: d.file, line: d.line, ...rest };
}

/** Addresses with nothing listening, and `localhost` upstreams (the ::1 trap). */
function addressRules(passes: readonly ProxyPass[], ups: Map<string, Upstream>, options: LintOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const judge = (d: Directive, address: string, defaultPort: number) => {
    if (address.startsWith('unix:')) return;
    const split = splitHostPort(address);
    if (!split) return;
    const port = split.port ?? defaultPort;
    if (isLocalhostName(split.host)) {
      out.push(finding(d, {
        rule: 'nginx/localhost-upstream',
        severity: 'warning',
        cause: 'upstream_connect_refused',
        message: `"${split.host}" resolves to both 127.0.0.1 and ::1; NGINX makes a server of each address and sends part of the traffic to the family the app may not listen on ("connect() failed (111: Connection refused) while connecting to upstream, upstream: http://[::1]:${port}")`,
        fix: `Write the address the app listens on: 127.0.0.1:${port} (or [::1]:${port}).`,
      }));
    }
    if (nothingListens(split.host, port, options.listeners) === true) {
      out.push(finding(d, {
        rule: 'nginx/upstream-port-closed',
        severity: 'error',
        cause: 'upstream_connect_refused',
        message: `nothing listens on ${split.host}:${port} on this host (${nearbyText(port, options.listeners ?? [])})`,
        fix: `Start the app on port ${port}, or point NGINX at the port it listens on (ss -tlnp).`,
      }));
    }
  };
  for (const pass of passes) if (!pass.upstream) judge(pass.placed.directive, pass.hostPort, pass.scheme === 'https' ? 443 : 80);
  for (const upstream of ups.values()) {
    for (const server of upstream.servers) if (!server.args.includes('down') && server.args[0]) judge(server, server.args[0], 80);
  }
  return out;
}

/** Upstream keepalive needs HTTP/1.1 and an empty Connection header, else NGINX closes every connection. */
function keepAliveRules(passes: readonly ProxyPass[], options: LintOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const raced = new Set<Upstream>();
  for (const pass of passes) {
    const upstream = pass.upstream;
    const keepalive = upstream?.directive.block?.find((d) => d.name === 'keepalive');
    if (!upstream || !keepalive) continue;
    const version = effective(pass.placed.scopes, 'proxy_http_version')?.args[0] ?? '1.0';
    const connection = effectiveHeaders(pass.placed.scopes).find((d) => d.args[0]?.toLowerCase() === 'connection');
    const missing = [
      ...(version !== '1.1' ? ['proxy_http_version 1.1;'] : []),
      ...(connection === undefined || connection.args[1] !== '' ? ['proxy_set_header Connection "";'] : []),
    ];
    if (missing.length > 0) {
      out.push(finding(pass.placed.directive, {
        rule: 'nginx/keepalive-needs-http11',
        severity: 'warning',
        cause: null,
        message: `upstream "${upstream.directive.args[0]}" has "keepalive" (${at(keepalive)}) but this location proxies with ${version !== '1.1' ? `HTTP/${version}` : 'the default "Connection: close"'}: every request opens a new connection (no reuse; port exhaustion under load)`,
        fix: `Add ${missing.join(' ')} in this location (or its server/http block; a proxy_set_header here drops the inherited ones).`,
      }));
    }
    if (raced.has(upstream)) continue;
    raced.add(upstream);
    const timeout = upstream.directive.block?.find((d) => d.name === 'keepalive_timeout');
    const idleMs = timeout ? parseTime(timeout.args[0] ?? '') : DEFAULT_UPSTREAM_KEEPALIVE_MS;
    if (idleMs !== null && idleMs >= options.targetKeepAliveMs) {
      out.push(finding(timeout ?? keepalive, {
        rule: 'nginx/upstream-keepalive-race',
        // A fact when the probe measured the target; a warning when Node's 5 s is only assumed.
        severity: options.targetKeepAliveMeasured ? 'error' : 'warning',
        cause: 'upstream_keepalive_race',
        message: `NGINX keeps idle connections to upstream "${upstream.directive.args[0]}" ${formatMs(idleMs)}${timeout ? '' : ' (keepalive_timeout default)'}, not less than the target's keep-alive ${formatMs(options.targetKeepAliveMs)} (${options.targetKeepAliveMeasured ? 'measured' : 'assumed: Node default'}): it reuses connections the target has closed ("upstream prematurely closed connection", 502)`,
        fix: `Set keepalive_timeout below the target's idle timeout in the upstream block (e.g. ${Math.max(1, Math.floor(options.targetKeepAliveMs / 1000) - 1)}s), or raise the target's (Node: server.keepAliveTimeout).`,
      }));
    }
  }
  return out;
}

function bufferRules(passes: readonly ProxyPass[], options: LintOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const seen = new Set<Directive>();
  for (const pass of passes) {
    const set = effective(pass.placed.scopes, 'proxy_buffer_size');
    const size = set ? parseSize(set.args[0] ?? '') : DEFAULT_PROXY_BUFFER;
    if (size === null) continue;
    const where = set ?? pass.placed.directive;
    if (seen.has(where)) continue;
    if (options.observedHeadBytes !== null && size < options.observedHeadBytes) {
      seen.add(where);
      out.push(finding(where, {
        rule: 'nginx/proxy-buffer-too-small',
        severity: 'error',
        cause: 'upstream_headers_too_large',
        message: `proxy_buffer_size ${set ? set.args[0] : `${size} (default)`} is smaller than the ${options.observedHeadBytes}-byte response head the probe saw: "upstream sent too big header", 502`,
        fix: `proxy_buffer_size ${Math.ceil(options.observedHeadBytes / 4096) * 4}k; (and proxy_buffers large enough to hold it).`,
      }));
    } else if (set && size < DEFAULT_PROXY_BUFFER) {
      seen.add(where);
      out.push(finding(set, {
        rule: 'nginx/proxy-buffer-too-small',
        severity: 'warning',
        cause: 'upstream_headers_too_large',
        message: `proxy_buffer_size ${set.args[0]} is below one page (4k): response heads with a few cookies exceed it`,
        fix: 'proxy_buffer_size 8k; (or remove it for the 4k default).',
      }));
    }
  }
  return out;
}

function tlsRules(passes: readonly ProxyPass[]): LintFinding[] {
  return passes
    .filter((pass) => pass.scheme === 'https' && effective(pass.placed.scopes, 'proxy_ssl_server_name')?.args[0] !== 'on')
    .filter((pass) => pass.upstream !== null || isIP(splitHostPort(pass.hostPort)?.host ?? '') === 0) // no SNI for an address
    .map((pass) =>
      finding(pass.placed.directive, {
        rule: 'nginx/https-upstream-without-sni',
        severity: 'warning',
        cause: 'upstream_tls_failed',
        message: `proxy_pass to https://${pass.hostPort} without "proxy_ssl_server_name on": NGINX sends no SNI, so a target serving several names (or a CDN/ALB) fails the handshake or presents another certificate ("SSL_do_handshake() failed … alert handshake failure")`,
        fix: 'proxy_ssl_server_name on; (and proxy_ssl_name NAME when the upstream name is not the certificate name).',
      }),
    );
}

function healthRules(tree: readonly Directive[], ups: Map<string, Upstream>): LintFinding[] {
  const out: LintFinding[] = [];
  const active = findAll(tree, 'health_check').length > 0; // NGINX Plus active checks
  for (const upstream of ups.values()) {
    const live = upstream.servers.filter((s) => !s.args.includes('down') && !s.args.includes('backup'));
    for (const server of live) {
      if (live.length > 1 && server.args.some((a) => a === 'max_fails=0')) {
        out.push(finding(server, {
          rule: 'nginx/passive-check-disabled',
          severity: 'warning',
          cause: 'upstream_connect_refused',
          message: `max_fails=0 turns off passive health checks: a dead server keeps receiving its share of requests`,
          fix: 'Remove max_fails=0 (default max_fails=1 fail_timeout=10s) or set e.g. max_fails=3 fail_timeout=10s.',
        }));
      }
    }
    if (live.length > 1 && !active && !live.some((s) => s.args.some((a) => a.startsWith('max_fails=')))) {
      out.push(finding(upstream.directive, {
        rule: 'nginx/no-health-check',
        severity: 'warning',
        cause: 'no_healthy_upstream',
        message: `upstream "${upstream.directive.args[0]}" relies on NGINX's implicit passive check only (max_fails=1 fail_timeout=10s, no active check): one failed attempt ejects a server for 10 s, and when all are ejected NGINX answers 502 "no live upstreams"`,
        fix: 'Choose the ejection rule explicitly on each server (e.g. max_fails=3 fail_timeout=10s) and put an active health check in front (NGINX Plus health_check, or the load balancer\'s).',
      }));
    }
  }
  return out;
}

/** Client-side keep-alive: a load balancer in front reuses idle connections for lbIdleMs, so NGINX must keep them longer. */
function clientKeepAliveRules(tree: readonly Directive[], options: LintOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const seen = new Set<Directive>();
  for (const { directive, scopes } of findAll(tree, 'server')) {
    if (!directive.block) continue; // an upstream's server line
    const set = effective([directive.block, ...scopes], 'keepalive_timeout');
    const ms = set ? parseTime(set.args[0] ?? '') : null;
    if (!set || ms === null || seen.has(set) || ms > options.lbIdleMs) continue;
    seen.add(set);
    out.push(finding(set, {
      rule: 'nginx/client-keepalive-below-lb-idle',
      severity: 'warning',
      cause: 'upstream_keepalive_race',
      message: `NGINX closes idle client connections after ${formatMs(ms)}, not longer than a load balancer's idle timeout of ${formatMs(options.lbIdleMs)}: behind an ALB it closes connections the ALB still reuses (ALB 502, target status "-")`,
      fix: `keepalive_timeout ${Math.ceil(options.lbIdleMs / 1000) + 15}s; (the default 75s outlasts ALB's 60 s), or lower the load balancer's idle timeout.`,
    }));
  }
  return out;
}

export function lintNginxTree(tree: readonly Directive[], options: LintOptions): LintFinding[] {
  const ups = upstreams(tree);
  const passes = proxyPasses(tree, ups);
  return [...addressRules(passes, ups, options), ...keepAliveRules(passes, options), ...bufferRules(passes, options), ...tlsRules(passes), ...healthRules(tree, ups), ...clientKeepAliveRules(tree, options)];
}
