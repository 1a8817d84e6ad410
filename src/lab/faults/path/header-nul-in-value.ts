// A NUL byte inside a field value (RFC 9110 §5.5: a recipient of CR, LF or NUL in a field value MUST
// reject the message or replace them with SP).
import { defineRawResponseFault } from './raw-response.ts';

export const headerNulInValue = defineRawResponseFault({
  id: 'header-nul-in-value',
  expectCause: 'upstream_bad_response',
  description: 'answers 200 with a NUL byte inside a header value: "X-Lab-Nul: a<NUL>b"',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'X-Lab-Nul: a\u0000b\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
