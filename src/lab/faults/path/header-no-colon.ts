// A header line without a colon (RFC 9112 §5: field-line = field-name ":" OWS field-value OWS);
// its would-be name holds a space, so no lenient reading can make it a field.
import { defineRawResponseFault } from './raw-response.ts';

export const headerNoColon = defineRawResponseFault({
  id: 'header-no-colon',
  expectCause: 'upstream_bad_response',
  description: 'answers 200 with a header line that has no colon: "X-Lab-Broken header-without-colon"',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'X-Lab-Broken header-without-colon\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
