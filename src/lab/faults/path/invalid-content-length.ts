// A Content-Length that is not a number (RFC 9110 §8.6: Content-Length = 1*DIGIT; RFC 9112 §6.3
// item 5: invalid → 502).
import { defineRawResponseFault } from './raw-response.ts';

export const invalidContentLength = defineRawResponseFault({
  id: 'invalid-content-length',
  expectCause: 'upstream_bad_framing',
  description: 'answers 200 with "Content-Length: abc"',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: abc\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
