// `gatewise probe URL`: the 502 troubleshooting method, live (src/probe). Exit 1 when a check
// fails, 0 otherwise, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { defineCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { PROBE_DEFAULTS, type ProbeOptions } from '../../probe/context.ts';
import { parseDuration } from '../../probe/duration.ts';
import { renderResult, renderSummary } from '../../probe/render/terminal.ts';
import { anyFailed } from '../../probe/result.ts';
import { runProbe } from '../../probe/run.ts';
import { parseTarget, ProbeTargetError, type ProbeTarget } from '../../probe/target.ts';
import { parseCommandArgs } from '../args.ts';

const HELP = `gatewise probe: run the 502 troubleshooting method live against a target

Usage: gatewise probe URL [options]

Checks, in phase order, each naming the cause it rules in or out:
  dns         every address in resolver order; the localhost trap (::1 first, app on 127.0.0.1 only)
  tcp         connect to each address: refused vs timed out (SYNs dropped) vs unreachable
  listeners   listening sockets on this host for the port, and nearby ports (local targets)
  tls         https: protocol, cipher, ALPN, chain, hostname, expiry, handshake time; plain port?
  http        one request on a raw socket, strict parse of the head (the exact rule broken); TLS port?
  framing     exactly one of Content-Length / chunked, Content-Length equal to the body
  head-size   response head against NGINX proxy_buffer_size (4k/8k) and HAProxy bufsize (16k)
  keep-alive  the target's real idle timeout, measured, against the load balancer's idle timeout
  via         with --via, the same resource through the proxy, compared with the direct answer
  proxy-config  with --proxy-config, the NGINX/HAProxy config in front, linted with the measured
              keep-alive and head size (as gatewise check does, with facts instead of defaults)

Options:
  --lb-idle-timeout DURATION     the load balancer's idle timeout (default 60s, ALB's)
  --max-keepalive-wait DURATION  longest wait for the target to close an idle connection (default 75s)
  --timeout DURATION             bound of each network step (default 5s)
  --via URL                      the same resource through the proxy, e.g. http://lb.internal/health
  --ca FILE                      trust this CA (PEM) for the target's certificate
  --proxy-config FILE            NGINX config (or nginx -T output) or haproxy.cfg in front of the target
  --resolver HOST[:PORT]         ask this DNS server (as a proxy's resolver directive does), not getaddrinfo
  --json                         one JSON object: {url, durationMs, results:[{check, status, summary,
                                 evidence, cause, rulesOut, fix, measured, durationMs}]}
Durations: 60s, 500ms, 2m, or a number of seconds.

A healthy target takes about the LB idle timeout (+1 s) to probe: the keep-alive check must see the
idle connection outlive it. Lower --lb-idle-timeout to match your balancer.

Exit codes: 0 no check failed (warnings allowed), 1 a check failed, 2 usage error, 130 interrupted.
`;

function duration(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new UsageError(`--${name} "${text}" is not a duration; write e.g. 60s, 500ms or 2m`);
  return ms;
}

function target(text: string, what: string): ProbeTarget {
  try {
    return parseTarget(text);
  } catch (error) {
    if (error instanceof ProbeTargetError) throw new UsageError(`${what}: ${error.message}`);
    throw error;
  }
}

export function parseProbeArgs(argv: readonly string[]): { options: Omit<ProbeOptions, 'signal'>; json: boolean } {
  const parsed = parseCommandArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'lb-idle-timeout': { type: 'string' },
      'max-keepalive-wait': { type: 'string' },
      timeout: { type: 'string' },
      via: { type: 'string' },
      ca: { type: 'string' },
      resolver: { type: 'string' },
      'proxy-config': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the URL to probe, e.g. gatewise probe http://127.0.0.1:3000/health' : `one URL only, got ${positionals.length}`);
  let ca: string | null = null;
  if (values.ca !== undefined) {
    try {
      ca = readFileSync(values.ca, 'utf8');
    } catch (error) {
      throw new UsageError(`--ca ${values.ca}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  return {
    json: values.json === true,
    options: {
      target: target(positionals[0] as string, 'URL'),
      lbIdleMs: duration('lb-idle-timeout', values['lb-idle-timeout'], PROBE_DEFAULTS.lbIdleMs),
      maxKeepAliveWaitMs: duration('max-keepalive-wait', values['max-keepalive-wait'], PROBE_DEFAULTS.maxKeepAliveWaitMs),
      timeoutMs: duration('timeout', values.timeout, PROBE_DEFAULTS.timeoutMs),
      via: values.via === undefined ? null : target(values.via, '--via'),
      ca,
      resolver: values.resolver ?? null,
      proxyConfig: values['proxy-config'] ?? null,
    },
  };
}

export const probeCommand = defineCommand({
  name: 'probe',
  summary: 'run the 502 troubleshooting method live against a target',
  help: HELP,
  async run(argv, io) {
    const { options, json } = parseProbeArgs(argv);
    if (!json) io.stdout.write(`${io.out.bold('gatewise probe')} ${options.target.url.href}\n`);
    const report = await runProbe({ ...options, signal: io.signal }, json ? undefined : (result) => io.stdout.write(renderResult(result, io.out)));
    if (json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(renderSummary(report, io.out));
    if (io.signal.aborted) return EXIT.interrupted;
    return anyFailed(report.results) ? EXIT.problems : EXIT.ok;
  },
});
