// A folded header line (obs-fold, RFC 9112 §5.2: a proxy receiving it in a response MUST either
// discard the message and answer 502, or replace each fold with SP). Gatewise discards.
import { defineRawResponseFault } from './raw-response.ts';

export const headerObsFold = defineRawResponseFault({
  id: 'header-obs-fold',
  expectCause: 'upstream_bad_response',
  description: 'answers 200 with a header folded onto a second line (obs-fold): "X-Lab-Fold: first<CRLF> folded"',
  bytes:
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain\r\n' +
    'Content-Length: 3\r\n' +
    'X-Lab-Fold: first\r\n' +
    ' folded\r\n' +
    'Connection: close\r\n' +
    '\r\n' +
    'ok\n',
});
