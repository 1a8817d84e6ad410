// A status line without a status code (RFC 9112 §4: status-line = HTTP-version SP status-code SP
// [reason-phrase]). NGINX: "upstream sent no valid HTTP/1.0 header"; HAProxy: PH.
import { defineRawResponseFault } from './raw-response.ts';

export const malformedStatusLine = defineRawResponseFault({
  id: 'malformed-status-line',
  expectCause: 'upstream_bad_response',
  description: 'answers with a status line that has no status code: "HTTP/1.1 OK"',
  bytes:
    'HTTP/1.1 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
