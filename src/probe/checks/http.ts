// HTTP: one request on a raw socket and a strict parse of the response head (status line, field
// syntax, framing headers) by the gateway's own parser; the exact rule broken is the evidence. For
// an http:// target that does not answer in HTTP, try TLS on the same port (plain HTTP to a TLS port).
import type { CauseId } from '../../causes/index.ts';
import { HEAD_WARNING, type ParseErrorCode } from '../../http1/index.ts';
import type { ProbeFacts, ProbeOptions } from '../context.ts';
import { formatMs } from '../duration.ts';
import { connectCause } from '../net/connect.ts';
import { exchange, printable, type ExchangeResult } from '../net/exchange.ts';
import { speaksTls } from '../net/mismatch.ts';
import { openConnection } from '../net/open.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';

/** Which cause a parse error of a response head rules in (the same mapping as the gateway's). */
export function causeOfParseError(code: ParseErrorCode): CauseId {
  if (code.startsWith('framing_')) return 'upstream_bad_framing';
  if (code === 'head_too_large' || code === 'too_many_headers') return 'upstream_headers_too_large';
  if (code.startsWith('chunked_') || code.startsWith('trailer_')) return 'upstream_bad_chunked_body';
  return 'upstream_bad_response';
}

const HEAD_CAUSES: readonly CauseId[] = ['upstream_bad_response', 'upstream_closed_before_response', 'upstream_reset_before_response', 'upstream_headers_timeout'];

export function statusLine(result: Extract<ExchangeResult, { kind: 'response' }>): string {
  return `HTTP/${result.head.version === 11 ? '1.1' : '1.0'} ${result.head.status} ${result.head.reason}`.trim();
}

export async function checkHttp(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const { target } = options;
  if (!facts.reachable) return skip('http', 'no address accepted a connection');
  if (target.tls && !facts.tlsOk) return skip('http', 'no TLS session: see the tls check');
  const opened = await openConnection(target, facts.reachable.address, options.ca, options.timeoutMs);
  if (opened.kind === 'failed') {
    return problem('http', 'fail', `could not open a connection: ${opened.text}`, {
      evidence: [opened.text],
      cause: opened.connect ? connectCause(opened.connect) : 'upstream_tls_failed',
      fix: 'See the tcp and tls checks: the target stopped accepting between checks.',
    });
  }
  const result = await exchange(opened.socket, { method: 'GET', path: target.path, authority: target.authority }, { timeoutMs: options.timeoutMs });
  facts.exchange = result;
  const request = `GET ${target.path} (Host: ${target.authority})`;
  switch (result.kind) {
    case 'response':
      return {
        ...judgeResponse(result, request),
        measured: { status: result.head.status, firstByteMs: Math.round(result.firstByteMs), headMs: Math.round(result.headMs), totalMs: Math.round(result.totalMs) },
      };
    case 'parse-error': {
      const tls = result.firstBytes[0] === 0x15 || result.firstBytes[0] === 0x16 ? await tlsInstead(options, facts) : null;
      if (tls) return tls;
      const { code, detail, offset } = result.error;
      return problem('http', 'fail', `malformed response head: ${code}`, {
        evidence: [`${request} → rule broken: ${code} at byte ${offset}: ${detail}`, `first bytes: ${printable(result.firstBytes)}`],
        cause: causeOfParseError(code),
        fix: 'Fix the target (or the library writing its headers): a strict proxy refuses this head with a 502 (NGINX "upstream sent invalid header", HAProxy PH--). Header names are tokens with no space before ":", values have no CR/LF/NUL, lines end in CRLF.',
        rulesOut: ['upstream_closed_before_response', 'upstream_headers_timeout'],
      });
    }
    case 'closed': {
      const tls = result.bytes === 0 ? await tlsInstead(options, facts) : null;
      if (tls) return tls;
      const cause: CauseId = result.reset ? 'upstream_reset_before_response' : 'upstream_closed_before_response';
      return problem('http', 'fail', `the target ${result.reset ? 'reset' : 'closed'} the connection before a complete response head`, {
        evidence: [
          `${request} → ${result.reset ? 'RST' : 'FIN'} after ${formatMs(result.ms)}, ${result.bytes} response bytes`,
          ...(result.bytes > 0 ? [`first bytes: ${printable(result.firstBytes)}`] : []),
        ],
        cause,
        fix: 'The target drops the request: check its logs for a crash, an OOM kill (dmesg, journalctl -k), a worker recycle or a request size limit. NGINX logs "upstream prematurely closed connection while reading response header".',
        rulesOut: ['upstream_connect_refused', 'upstream_headers_timeout'],
      });
    }
    case 'timeout':
      return problem('http', 'fail', `no complete response head within ${formatMs(result.ms)}`, {
        evidence: [`${request} → ${result.bytes} bytes in ${formatMs(result.ms)}, no end of head`, ...(result.bytes > 0 ? [`first bytes: ${printable(result.firstBytes)}`] : [])],
        cause: 'upstream_headers_timeout',
        fix: 'The target is slow to answer: find the slow handler (app traces, database), or raise the proxy\'s header timeout above the target\'s worst case (NGINX proxy_read_timeout; HAProxy timeout server; ALB idle timeout).',
        rulesOut: ['upstream_connect_refused', 'upstream_closed_before_response'],
      });
  }
}

async function tlsInstead(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict | null> {
  const { target } = options;
  if (target.tls || !facts.reachable) return null;
  const tls = await speaksTls(facts.reachable.address, target.port, target, options.timeoutMs);
  if (tls === null) return null;
  return problem('http', 'fail', 'the port speaks TLS, not plain HTTP', {
    evidence: [`plain GET got no HTTP answer; a TLS ${tls} on the same port`],
    cause: 'upstream_protocol_mismatch',
    fix: `Use https://${target.authority} in the proxy config. NGINX: proxy_pass https://… (with proxy_ssl_server_name on); HAProxy: "ssl verify required ca-file …" on the server line; ALB: target group protocol HTTPS.`,
  });
}

function judgeResponse(result: Extract<ExchangeResult, { kind: 'response' }>, request: string): Verdict {
  const { head } = result;
  const line = statusLine(result);
  const server = head.headers.find(([name]) => name.toLowerCase() === 'server')?.[1];
  const evidence = [
    `${request} → ${line}${server ? ` (Server: ${server})` : ''}`,
    `first byte ${formatMs(result.firstByteMs)}, head complete ${formatMs(result.headMs)}, response complete ${formatMs(result.totalMs)}`,
  ];
  const tolerated: string[] = [];
  if (head.warnings & HEAD_WARNING.bareLf) tolerated.push('bare_lf: lines end in LF without CR (RFC 9112 §2.2; NGINX tolerates it, strict parsers refuse)');
  if (head.warnings & HEAD_WARNING.noReasonSpace) tolerated.push('status line without the SP before the reason (RFC 9112 §4)');
  if (head.status >= 500) {
    return problem('http', 'fail', `the target itself answered ${head.status}`, {
      evidence: [...evidence, 'a proxy passes this status through: the error comes from the target, not from the path to it'],
      cause: 'upstream_5xx',
      fix: 'Read the target\'s own logs for this request; the proxy is not at fault.',
      rulesOut: [...HEAD_CAUSES],
    });
  }
  if (tolerated.length > 0) {
    return problem('http', 'warn', `${line}, with tolerated deviations`, {
      evidence: [...evidence, ...tolerated],
      cause: 'upstream_bad_response',
      fix: 'End every head line with CRLF and write "HTTP/1.1 200 OK" in full: some proxies refuse these heads.',
      rulesOut: ['upstream_closed_before_response', 'upstream_reset_before_response', 'upstream_headers_timeout'],
    });
  }
  return pass('http', `${line} in ${formatMs(result.headMs)}`, evidence, [...HEAD_CAUSES, 'upstream_5xx']);
}
