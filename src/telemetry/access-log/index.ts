// The access log: ALB-compatible and JSON encodings of ExchangeRecord, and a buffered writer.
export { ALB_FIELDS, encodeAlbLine } from './alb-line.ts';
export { encodeJsonLine, toJsonAccessLine } from './json-line.ts';
export type { JsonAccessLine, JsonAttempt } from './json-line.ts';
export { ACCESS_LOG_DEFAULTS, ENCODERS, createAccessLog, reopenOnSignal } from './writer.ts';
export type { AccessLog, AccessLogOptions } from './writer.ts';
export { AccessLogError } from './sinks.ts';
