// Two Content-Length fields that disagree (RFC 9112 §6.3 item 5: the proxy MUST discard the response
// and answer 502).
import { defineRawResponseFault } from './raw-response.ts';

export const duplicateContentLength = defineRawResponseFault({
  id: 'duplicate-content-length',
  expectCause: 'upstream_bad_framing',
  description: 'answers 200 with two conflicting Content-Length fields (3 and 4)',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'Content-Length: 4\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
