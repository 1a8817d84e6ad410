// Framing (RFC 9112 §6): a response on a connection that stays open carries exactly one of
// Content-Length or chunked; never both; a Content-Length equal to the body; a chunked body that
// ends with its last chunk. A proxy that reuses connections breaks on each of these.
import type { CauseId } from '../../causes/index.ts';
import { HEAD_WARNING } from '../../http1/index.ts';
import type { ProbeFacts } from '../context.ts';
import { formatMs } from '../duration.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';

const FRAMING_CAUSES: readonly CauseId[] = ['upstream_bad_framing', 'upstream_closed_mid_body', 'upstream_bad_chunked_body', 'upstream_body_timeout'];

const WARNINGS: readonly [number, string][] = [
  [HEAD_WARNING.repeatedContentLength, 'Content-Length repeated (same value): allowed by RFC 9110 §8.6, refused by some proxies'],
  [HEAD_WARNING.framingOnNoBodyResponse, 'Content-Length or Transfer-Encoding on a response that cannot have a body (1xx/204/304)'],
  [HEAD_WARNING.teWhitespace, 'unusual whitespace in Transfer-Encoding'],
  [HEAD_WARNING.teNotChunked, 'Transfer-Encoding whose last coding is not chunked: the body runs until close (RFC 9112 §6.3)'],
  [HEAD_WARNING.connectionListsFraming, 'Connection lists a framing field (Content-Length / Transfer-Encoding)'],
];

export function checkFraming(facts: ProbeFacts): Verdict {
  const result = facts.exchange;
  if (result === null || result.kind !== 'response') return skip('framing', 'no response head to judge: see the http check');
  const { head, body } = result;
  const declared =
    head.framing === 'length' ? `Content-Length: ${head.contentLength}` : head.framing === 'chunked' ? 'Transfer-Encoding: chunked' : head.framing === 'none' ? 'no body (status or method)' : 'neither Content-Length nor chunked';
  const evidence = [`framing: ${declared}; connection ${head.keepAlive ? 'kept open' : 'to be closed'}`];
  switch (body.kind) {
    case 'closed-early':
      return problem('framing', 'fail', `the body ended early: ${body.bytes} of ${body.expected ?? 'chunked'} bytes`, {
        evidence: [...evidence, `${body.reset ? 'RST' : 'FIN'} after ${body.bytes} body bytes${body.expected === null ? ', before the last chunk' : `, ${body.expected - body.bytes} short of Content-Length ${body.expected}`}`],
        cause: 'upstream_closed_mid_body',
        fix: 'The target stops mid-response: a crash, a kill, a write timeout or a wrong Content-Length. The proxy can only abort the client connection (NGINX "upstream prematurely closed connection while reading upstream", HAProxy SD--).',
      });
    case 'bad-chunked':
      return problem('framing', 'fail', `malformed chunked body: ${body.error.code}`, {
        evidence: [...evidence, `rule broken: ${body.error.code} at body byte ${body.error.offset}: ${body.error.detail}`],
        cause: 'upstream_bad_chunked_body',
        fix: 'Fix the chunked encoder of the target: hex size, CRLF after size and data, a last chunk "0\\r\\n\\r\\n" (RFC 9112 §7.1).',
      });
    case 'timeout':
      return problem('framing', 'fail', `the body stalled after ${body.bytes} bytes`, {
        evidence: [...evidence, `no body byte for the idle bound after ${body.bytes} bytes`],
        cause: head.framing === 'until-close' ? 'upstream_bad_framing' : 'upstream_body_timeout',
        fix: head.framing === 'until-close'
          ? 'The response has no Content-Length and no chunked coding, and the target keeps the connection open: the body never ends. Send Content-Length or Transfer-Encoding: chunked.'
          : 'The target stops sending mid-body: find what blocks it (a slow upstream, a full buffer), or raise the proxy\'s read timeout.',
      });
    case 'too-large':
      return skip('framing', `body larger than the probe reads (${body.bytes} bytes read)`, evidence);
    case 'until-close':
      return problem('framing', 'warn', 'no Content-Length nor chunked: the body ends at close', {
        evidence: [...evidence, `${body.bytes} bytes read until the target closed`],
        cause: 'upstream_bad_framing',
        fix: 'Send Content-Length or Transfer-Encoding: chunked so a proxy can keep the connection; a close-delimited body also hides truncation.',
      });
    case 'none':
    case 'complete':
      break;
  }
  if (result.trailingBytes > 0) {
    return problem('framing', 'fail', `${result.trailingBytes} bytes after the end of the body`, {
      evidence: [...evidence, `${result.trailingBytes} bytes arrived after the ${declared} body: the framing understates the body`],
      cause: 'upstream_bad_framing',
      fix: 'Make Content-Length equal the body bytes (compressed length, not the original); the extra bytes poison the next response on a reused connection.',
    });
  }
  const oddities = WARNINGS.filter(([bit]) => head.warnings & bit).map(([, text]) => text);
  if (oddities.length > 0) {
    return problem('framing', 'warn', oddities[0] ?? '', { evidence: [...evidence, ...oddities], cause: 'upstream_bad_framing', fix: 'Send exactly one Content-Length or Transfer-Encoding: chunked, as RFC 9112 §6 writes them.' });
  }
  const bytes = body.kind === 'complete' ? body.bytes : 0;
  return pass('framing', `${declared}, body of ${bytes} bytes complete in ${formatMs(result.totalMs)}`, evidence, FRAMING_CAUSES);
}
