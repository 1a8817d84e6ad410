// A transfer coding nobody knows (RFC 9112 §6.1: a recipient cannot decode it; the body length
// is then unknowable). The body follows, then FIN.
import { defineRawResponseFault } from './raw-response.ts';

export const unknownTransferEncoding = defineRawResponseFault({
  id: 'unknown-transfer-encoding',
  expectCause: 'upstream_bad_framing',
  description: 'answers 200 with "Transfer-Encoding: x-lab-unknown", a body, then FIN',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Transfer-Encoding: x-lab-unknown\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
