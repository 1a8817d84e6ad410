// A bare CR inside a field value (RFC 9110 §5.5; RFC 9112 §2.2: a bare CR must be rejected or
// replaced with SP). A classic response-splitting vector.
import { defineRawResponseFault } from './raw-response.ts';

export const headerBareCr = defineRawResponseFault({
  id: 'header-bare-cr',
  expectCause: 'upstream_bad_response',
  description: 'answers 200 with a bare CR inside a header value: "X-Lab-Cr: a<CR>b"',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'X-Lab-Cr: a\rb\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
