// Well-formed responses, built byte by byte so a test can compare them exactly. Malformed ones are
// written by their faults as literal bytes.
export interface ResponseSpec {
  readonly status: number;
  readonly reason: string;
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: string | Buffer;
  readonly keepAlive: boolean;
  /** HEAD: send Content-Length but no body (RFC 9110 §9.3.2). */
  readonly omitBody?: boolean;
}

export function responseHead(spec: ResponseSpec, contentLength: number): string {
  const lines = [`HTTP/1.1 ${spec.status} ${spec.reason}`];
  for (const [name, value] of spec.headers ?? []) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${contentLength}`);
  lines.push(`Connection: ${spec.keepAlive ? 'keep-alive' : 'close'}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function responseBytes(spec: ResponseSpec): Buffer {
  const body = spec.body === undefined ? Buffer.alloc(0) : typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : spec.body;
  const head = Buffer.from(responseHead(spec, body.length), 'latin1');
  return spec.omitBody ? head : Buffer.concat([head, body]);
}
