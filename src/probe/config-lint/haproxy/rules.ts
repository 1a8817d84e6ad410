// The HAProxy mistakes behind 502/503s: servers where nothing listens, `localhost` servers (HAProxy
// resolves a name to one address at start-up: ::1 first on most systems), no health checks, TCP-only
// checks on HTTP backends, `http-reuse always`, idle server connections kept past the target's
// keep-alive, and a client-side keep-alive shorter than a load balancer's idle timeout in front.
import { formatMs } from '../../duration.ts';
import type { LintFinding, LintOptions } from '../finding.ts';
import { isLocalhostName, nearbyText, nothingListens, splitHostPort } from '../upstream-address.ts';
import { parseTime } from '../nginx/scopes.ts';
import type { HaLine, HaSection } from './parse.ts';

/** pool-purge-delay default (configuration.txt §5.2): idle server connections are purged from 5 s. */
const DEFAULT_POOL_PURGE_MS = 5000;

interface Proxy {
  readonly section: HaSection;
  readonly defaults: HaSection | null;
}

function proxies(sections: readonly HaSection[]): Proxy[] {
  const out: Proxy[] = [];
  let lastDefaults: HaSection | null = null;
  for (const section of sections) {
    if (section.kind === 'defaults') lastDefaults = section;
    else if (section.kind === 'frontend' || section.kind === 'backend' || section.kind === 'listen') {
      const named = section.from ? sections.find((s) => s.kind === 'defaults' && s.name === section.from) ?? null : null;
      out.push({ section, defaults: named ?? lastDefaults });
    }
  }
  return out;
}

/** The last line starting with these words in the proxy, else in its defaults. */
function setting(proxy: Proxy, ...words: string[]): HaLine | null {
  const match = (l: HaLine) => words.every((w, i) => l.words[i] === w);
  const own = proxy.section.lines.filter(match).at(-1);
  if (own) return own;
  return proxy.defaults?.lines.filter(match).at(-1) ?? null;
}

function isHttp(proxy: Proxy): boolean {
  return setting(proxy, 'mode')?.words[1] === 'http';
}

function servesClients(proxy: Proxy): boolean {
  return proxy.section.kind !== 'backend';
}

function hasBackendRole(proxy: Proxy): boolean {
  return proxy.section.kind !== 'frontend';
}

function finding(file: string, line: HaLine, rest: Omit<LintFinding, 'file' | 'line'>): LintFinding {
  return { file, line: line.line, ...rest };
}

function serverRules(proxy: Proxy, options: LintOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const file = proxy.section.file;
  const servers = proxy.section.lines.filter((l) => l.words[0] === 'server');
  const defaultServer = [...(proxy.defaults?.lines ?? []), ...proxy.section.lines].filter((l) => l.words[0] === 'default-server');
  const defaultCheck = defaultServer.some((l) => l.words.includes('check'));
  for (const server of servers) {
    const address = (server.words[2] ?? '').replace(/^(ipv4@|ipv6@)/, '');
    const split = address.startsWith('unix@') || address.startsWith('/') ? null : splitHostPort(address);
    if (split && isLocalhostName(split.host)) {
      out.push(finding(file, server, {
        rule: 'haproxy/localhost-server',
        severity: 'warning',
        cause: 'upstream_connect_refused',
        message: `server "${server.words[1]}" uses "${split.host}": HAProxy resolves it once to a single address, ::1 on most systems, while apps often listen on 127.0.0.1 only (SC-- 503/502)`,
        fix: `Write the address the app listens on: 127.0.0.1${split.port ? `:${split.port}` : ''}.`,
      }));
    }
    if (split?.port != null && nothingListens(split.host, split.port, options.listeners) === true) {
      out.push(finding(file, server, {
        rule: 'haproxy/server-port-closed',
        severity: 'error',
        cause: 'upstream_connect_refused',
        message: `nothing listens on ${split.host}:${split.port} on this host (${nearbyText(split.port, options.listeners ?? [])})`,
        fix: `Start the app on port ${split.port}, or point the server line at the port it listens on (ss -tlnp).`,
      }));
    }
    if (!server.words.includes('check') && !defaultCheck) {
      out.push(finding(file, server, {
        rule: 'haproxy/server-without-check',
        severity: 'warning',
        cause: 'no_healthy_upstream',
        message: `server "${server.words[1]}" has no "check": HAProxy never marks it down and keeps sending it requests when it dies`,
        fix: 'Add "check" (with "option httpchk GET /health" in the backend for an HTTP check).',
      }));
    }
  }
  const checked = servers.some((s) => s.words.includes('check')) || (servers.length > 0 && defaultCheck);
  if (checked && isHttp(proxy) && !setting(proxy, 'option', 'httpchk')) {
    out.push(finding(file, { words: [], line: proxy.section.line }, {
      rule: 'haproxy/tcp-only-check',
      severity: 'warning',
      cause: 'upstream_5xx',
      message: `${proxy.section.kind} "${proxy.section.name}" checks its servers with a TCP connect only: an app that accepts but answers 5xx or hangs stays "UP"`,
      fix: 'option httpchk GET /health (and http-check expect status 200).',
    }));
  }
  return out;
}

function reuseRules(proxy: Proxy, options: LintOptions): LintFinding[] {
  const out: LintFinding[] = [];
  const file = proxy.section.file;
  const reuse = setting(proxy, 'http-reuse');
  if (reuse?.words[1] === 'always') {
    out.push(finding(reuse === proxy.section.lines.find((l) => l === reuse) ? file : (proxy.defaults?.file ?? file), reuse, {
      rule: 'haproxy/http-reuse-always',
      severity: 'warning',
      cause: 'upstream_keepalive_race',
      message: '"http-reuse always" sends even a client\'s first request on an idle server connection the server may be closing: a race HAProxy cannot retry for non-idempotent requests (SH-- 502)',
      fix: 'http-reuse safe (the default), and a target keep-alive longer than HAProxy keeps idle connections.',
    }));
  }
  if (!hasBackendRole(proxy) || !isHttp(proxy) || reuse?.words[1] === 'never') return out;
  const servers = proxy.section.lines.filter((l) => l.words[0] === 'server');
  for (const server of servers) {
    const at = server.words.indexOf('pool-purge-delay');
    const purgeMs = at > 0 ? parseTime(server.words[at + 1] ?? '') : DEFAULT_POOL_PURGE_MS;
    if (purgeMs !== null && purgeMs >= options.targetKeepAliveMs) {
      out.push(finding(file, server, {
        rule: 'haproxy/idle-server-connections-outlive-target',
        severity: 'warning',
        cause: 'upstream_keepalive_race',
        message: `idle connections to server "${server.words[1]}" are purged only after ${formatMs(purgeMs)}${at > 0 ? '' : ' (pool-purge-delay default)'}, not before the target's keep-alive ${formatMs(options.targetKeepAliveMs)}: a request can meet a connection the target is closing (SH--)`,
        fix: `Raise the target's keep-alive above ${formatMs(purgeMs)} (Node: server.keepAliveTimeout = 65000), or set "pool-purge-delay ${Math.max(1, Math.floor(options.targetKeepAliveMs / 1000) - 1)}s" on the server, or "http-reuse never".`,
      }));
    }
  }
  return out;
}

/** A load balancer in front reuses its idle connections to HAProxy for lbIdleMs: HAProxy must keep them longer. */
function clientKeepAliveRules(proxy: Proxy, options: LintOptions): LintFinding[] {
  if (!servesClients(proxy) || !isHttp(proxy)) return [];
  const line = setting(proxy, 'timeout', 'http-keep-alive') ?? setting(proxy, 'timeout', 'http-request') ?? setting(proxy, 'timeout', 'client');
  if (!line) return [];
  const ms = parseTime(line.words[2] ?? '');
  if (ms === null || ms > options.lbIdleMs) return [];
  const own = proxy.section.lines.includes(line);
  return [
    finding(own ? proxy.section.file : (proxy.defaults?.file ?? proxy.section.file), line, {
      rule: 'haproxy/client-keepalive-below-lb-idle',
      severity: 'warning',
      cause: 'upstream_keepalive_race',
      message: `${proxy.section.kind} "${proxy.section.name}" closes idle client connections after ${formatMs(ms)} ("timeout ${line.words[1]}"), not longer than a load balancer's idle timeout of ${formatMs(options.lbIdleMs)}: behind an ALB, it closes connections the ALB still reuses (ALB 502, target status "-")`,
      fix: `timeout http-keep-alive ${Math.ceil(options.lbIdleMs / 1000) + 5}s (and timeout client at least as long), or lower the load balancer's idle timeout.`,
    }),
  ];
}

export function lintHaproxySections(sections: readonly HaSection[], options: LintOptions): LintFinding[] {
  return proxies(sections).flatMap((proxy) => [...serverRules(proxy, options), ...reuseRules(proxy, options), ...clientKeepAliveRules(proxy, options)]);
}
