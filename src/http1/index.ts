// The strict HTTP/1.1 layer: parsers, body codecs and serializers for the gateway's hot path,
// the probe and the lab. See README.md for the API and the choices made.
export type * from './types.ts';
export { HEADER_KIND, HEAD_WARNING, PARSE_ERRORS } from './types.ts';
export { createRequestParser } from './request-parser.ts';
export { createResponseParser } from './response-parser.ts';
export { createChunkedDecoder } from './chunked-decoder.ts';
export { createLengthBody } from './length-body.ts';
export { serializeRequestHead, serializeResponseHead } from './serialize.ts';
export { kindMask, warningNames } from './masks.ts';
