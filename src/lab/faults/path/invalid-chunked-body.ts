// A valid chunked head and first chunk, then a chunk-size line that is not hex (RFC 9112 §7.1:
// chunk-size = 1*HEXDIG). The head may already be forwarded when the error is seen.
import { defineRawResponseFault } from './raw-response.ts';

export const invalidChunkedBody = defineRawResponseFault({
  id: 'invalid-chunked-body',
  expectCause: 'upstream_bad_chunked_body',
  description: 'answers 200 chunked: one valid chunk, then the chunk-size line "zz", then FIN',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Transfer-Encoding: chunked\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    '3\r\nok\n\r\n' +
    'zz\r\nnot hex\r\n' +
    '0\r\n\r\n',
});
