// Both Content-Length and Transfer-Encoding (RFC 9112 §6.3 item 3: "ought to be handled as an
// error"; the smuggling shape). The chunked body is well formed; the conflict is the fault.
import { defineRawResponseFault } from './raw-response.ts';

export const clAndTe = defineRawResponseFault({
  id: 'cl-and-te',
  expectCause: 'upstream_bad_framing',
  description: 'answers 200 with both "Content-Length: 3" and "Transfer-Encoding: chunked"',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'Transfer-Encoding: chunked\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    '3\r\nok\n\r\n' +
    '0\r\n\r\n',
});
