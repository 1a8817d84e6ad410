// Codes the gateway itself gives to failures that are not an errno, an OpenSSL code or a parser
// code: a phase timer ran out, the peer closed cleanly (FIN), the bytes were a TLS record. They
// travel the same road as the system's codes, into `classify` and the log's `errorCode`.
export const GW = {
  /** The exchange's phase timer ran out; the phase says which timeout it was. */
  timeout: 'GW_TIMEOUT',
  /** The peer closed its side (FIN) while we still expected bytes. */
  eof: 'GW_EOF',
  /** Plain HTTP to a TLS port: the response starts with a TLS record (0x15 alert / 0x16 handshake). */
  tlsRecord: 'GW_TLS_RECORD',
  /** The response head grew past `limits.maxResponseHeadBytes`. */
  responseHeadTooLarge: 'GW_RESPONSE_HEAD_TOO_LARGE',
  /** The request head grew past `limits.maxRequestHeadBytes`. */
  requestHeadTooLarge: 'GW_REQUEST_HEAD_TOO_LARGE',
  /** The request body exceeded `limits.maxRequestBodyBytes`. */
  requestBodyTooLarge: 'GW_REQUEST_BODY_TOO_LARGE',
  /** The draining deadline of a deregistered target cut the exchange. */
  drainExpired: 'GW_DRAIN_EXPIRED',
  /** All targets are at `maxConnectionsPerTarget`. */
  overloaded: 'GW_TARGETS_FULL',
  /** The gateway's own connection limit. */
  proxyFull: 'GW_PROXY_FULL',
  /** 101 Switching Protocols to a request that did not ask to upgrade (RFC 9110 §15.2.2). */
  unexpectedUpgrade: 'GW_UNEXPECTED_101',
  /** A CONNECT request: a reverse proxy opens no tunnels (NGINX answers 400 too). */
  connectMethod: 'GW_CONNECT_METHOD',
  /** A thrown exception inside the gateway: a bug. */
  internal: 'GW_INTERNAL',
} as const;

export type GatewayCode = (typeof GW)[keyof typeof GW];

/** The code of anything thrown or emitted as an error; null when it carries none. */
export function codeOf(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
  }
  return null;
}
