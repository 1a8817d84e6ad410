// The strict HTTP/1.1 layer: parsers, body codecs and serializers for the gateway's hot path,
// the probe and the lab. See README.md for the API and the choices made.
export type * from './types.ts';
export { HEADER_KIND, HEAD_WARNING } from './types.ts';
