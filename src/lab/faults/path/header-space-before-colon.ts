// Whitespace between a field name and the colon (RFC 9112 §5.1: "No whitespace is allowed between
// the field name and colon"; a server MUST reject such a request, a proxy MUST strip it from a
// response before forwarding). Gatewise treats it as a bad response; a stripping proxy passes it.
import { defineRawResponseFault } from './raw-response.ts';

export const headerSpaceBeforeColon = defineRawResponseFault({
  id: 'header-space-before-colon',
  expectCause: 'upstream_bad_response',
  description: 'answers 200 with "X-Lab-Space : before-colon" (space between field name and colon)',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'X-Lab-Space : before-colon\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
